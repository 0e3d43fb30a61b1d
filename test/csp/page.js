// The strict page's own script, first in its head. It records every CSP violation from the start
// and what each Trusted Types policy was asked to make HTML of, puts `<coze-chat>` on the page with
// the attributes in its query string, and holds two probes that show the policy is enforced.

/** @type {{ directive: string, blocked: string, sample: string }[]} */
window.cspViolations = [];
window.addEventListener(
  'securitypolicyviolation',
  (event) => window.cspViolations.push({ directive: event.effectiveDirective, blocked: event.blockedURI, sample: event.sample }),
  true,
);

/** @type {Record<string, string[]>} each policy's `createHTML` inputs, by policy name */
window.cspPolicyInputs = {};
const factory = window.trustedTypes;
if (factory) {
  const createPolicy = factory.createPolicy.bind(factory);
  factory.createPolicy = (name, rules) => {
    const createHTML =
      rules.createHTML &&
      ((input, ...rest) => {
        (window.cspPolicyInputs[name] ??= []).push(input);
        return rules.createHTML(input, ...rest);
      });
    return createPolicy(name, { ...rules, createHTML });
  };
}

window.cspProbes = {
  /** A plain string into `innerHTML`: the name of the error, or `allowed`. */
  innerHtml() {
    try {
      document.createElement('div').innerHTML = '<b>probe</b>';
      return 'allowed';
    } catch (error) {
      return error.name;
    }
  },
  /** Whether a `style` attribute set from script takes effect. */
  styleAttribute() {
    const box = document.createElement('div');
    document.body.append(box);
    box.setAttribute('style', 'color: rgb(1, 2, 3)');
    const applied = getComputedStyle(box).color === 'rgb(1, 2, 3)';
    box.remove();
    return applied;
  },
};

document.addEventListener('DOMContentLoaded', () => {
  const chat = document.createElement('coze-chat');
  for (const [name, value] of new URLSearchParams(location.search)) chat.setAttribute(name, value);
  document.body.append(chat);
});
