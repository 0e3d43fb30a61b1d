import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * A stand-in for the element, for testing one controller alone: it keeps the controllers added to
 * it, counts update requests, and runs an update's two halves when a test says so. `renderRoot` is
 * a real shadow root in the document, so focus and selectors work as in the widget.
 */
export class FakeHost implements ReactiveControllerHost {
  readonly controllers = new Set<ReactiveController>();
  readonly element = document.createElement('div');
  readonly renderRoot = this.element.attachShadow({ mode: 'open' });
  updateRequests = 0;
  updateComplete = Promise.resolve(true);

  constructor() {
    document.body.append(this.element);
  }

  addController(controller: ReactiveController): void {
    this.controllers.add(controller);
    if (this.element.isConnected) controller.hostConnected?.();
  }

  removeController(controller: ReactiveController): void {
    this.controllers.delete(controller);
  }

  requestUpdate(): void {
    this.updateRequests++;
  }

  /** One update: every controller's `hostUpdate`, then `change` (the render), then `hostUpdated`. */
  update(change: () => void = () => undefined): void {
    for (const controller of this.controllers) controller.hostUpdate?.();
    change();
    for (const controller of this.controllers) controller.hostUpdated?.();
  }

  /** Take the host out of the document, as the element's disconnection would. */
  remove(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
    this.element.remove();
  }
}
