// After `cem analyze` in `npm run build`: JSX typings for each element in custom-elements.json,
// written beside the element's own declarations (dist/types): react.d.ts (React 19), preact.d.ts,
// vue.d.ts and svelte.d.ts. Types come from the element class itself (`CozeChat['botId']`) and
// events from `HTMLElementEventMap`, so a typing cannot drift from the element: a documented
// property or event the class does not have fails to compile.
//
//   node scripts/jsx-types.js [manifest = dist/custom-elements.json] [outdir = dist/types]

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What each typing file imports: the framework's own types. */
const FRAMEWORK_IMPORTS = {
  react: `import type { DetailedHTMLProps, HTMLAttributes } from 'react';`,
  preact: `import type { JSX } from 'preact';`,
  vue: `import type { EmitFn, HTMLAttributes, PublicProps } from 'vue';`,
  svelte: `import type { HTMLAttributes } from 'svelte/elements';`,
};

/** What each framework's typing file says about one element. */
export function elementTypings(element) {
  const { name: className, tagName } = element;
  const members = element.members ?? [];
  const isPublic = (member) => (member.privacy ?? 'public') === 'public';
  const fields = members.filter((member) => member.kind === 'field' && !member.static && !member.readonly && isPublic(member));
  const fieldNames = new Set(fields.map((field) => field.name));
  const memberNames = new Set(members.map((member) => member.name));
  const methods = members.filter((member) => member.kind === 'method' && isPublic(member)).map((method) => method.name);
  // Attributes whose name differs from their property (`bot-id`); the others are typed as properties.
  const attributes = (element.attributes ?? []).filter(
    (attribute) => fieldNames.has(attribute.fieldName) && attribute.name !== attribute.fieldName,
  );
  const events = element.events ?? [];
  const example = events[0]?.name ?? 'event';

  // A boolean attribute counts by being there: `="false"` would switch it on, so only `true` is offered.
  const attributeType = (attribute) => (attribute.type?.text === 'boolean' ? 'true' : `${className}['${attribute.fieldName}']`);
  // React, Preact and Vue set a property whenever the element has one by that name, so an attribute
  // named like a method (`open`) would overwrite the method; Svelte sets only properties with setters.
  const props = ({ attributesNamedLikeMembers }) => [
    ...attributes
      .filter((attribute) => attributesNamedLikeMembers || !memberNames.has(attribute.name))
      .map((attribute) => prop(attribute.description, attribute.name, attributeType(attribute))),
    ...fields.map((field) => prop(field.description, field.name, `${className}['${field.name}']`)),
  ];
  const eventProps = (prefix) =>
    events.map((event) => prop(event.description, `${prefix}${event.name}`, `(event: HTMLElementEventMap['${event.name}']) => void`));
  const intrinsicElement = (framework, base) => [
    `/** \`<${tagName}>\` in ${framework}: attributes, properties, and events as \`on\` + the event's name (\`on${example}\`). */`,
    `export type ${className}Props = Omit<${base}, ${union(methods)}> & {`,
    ...props({ attributesNamedLikeMembers: false }),
    ...eventProps('on'),
    `};`,
    ``,
    `declare module '${framework.toLowerCase()}' {`,
    `  namespace JSX {`,
    `    interface IntrinsicElements {`,
    `      '${tagName}': ${className}Props;`,
    `    }`,
    `  }`,
    `}`,
  ];

  return {
    react: intrinsicElement('React', `DetailedHTMLProps<HTMLAttributes<${className}>, ${className}>`),
    preact: intrinsicElement('Preact', `JSX.HTMLAttributes<${className}>`),
    vue: [
      `type ${className}Events = {`,
      ...events.map((event) => `  '${event.name}': (event: HTMLElementEventMap['${event.name}']) => void;`),
      `};`,
      ``,
      `declare module 'vue' {`,
      `  interface GlobalComponents {`,
      `    /** \`<${tagName}>\` in Vue templates: its properties, and its events (\`@${example}\`). */`,
      `    '${tagName}': new () => ${className} & {`,
      `      /** @deprecated For template type-checking only: the element has no \`$props\`. */`,
      `      $props: HTMLAttributes & Partial<Pick<${className}, ${union([...fieldNames])}>> & PublicProps;`,
      `      /** @deprecated For template type-checking only: the element has no \`$emit\`. */`,
      `      $emit: EmitFn<${className}Events>;`,
      `    };`,
      `  }`,
      `}`,
    ],
    svelte: [
      `/** \`<${tagName}>\` in Svelte: attributes, properties, and events (\`on${example}\` in Svelte 5, \`on:${example}\` in Svelte 4). */`,
      `export type ${className}Attributes = HTMLAttributes<${className}> & {`,
      ...props({ attributesNamedLikeMembers: true }),
      ...eventProps('on'),
      ...eventProps('on:'),
      `};`,
      ``,
      `declare module 'svelte/elements' {`,
      `  interface SvelteHTMLElements {`,
      `    '${tagName}': ${className}Attributes;`,
      `  }`,
      `}`,
    ],
  };
}

function prop(description, name, type) {
  const doc = description ? `  /** ${description.replace(/\s*\n\s*/g, ' ').replaceAll('*/', '*\\/')} */\n` : '';
  const key = /^[A-Za-z_$][\w$]*$/.test(name) ? name : `'${name}'`;
  return `${doc}  ${key}?: ${type};`;
}

const union = (names) => (names.length ? names.map((name) => `'${name}'`).join(' | ') : 'never');

export function writeJsxTypes(manifestPath, outdir) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const elements = manifest.modules
    .flatMap((module) => module.declarations ?? [])
    .filter((declaration) => declaration.customElement && declaration.tagName);
  if (!elements.length) throw new Error(`${manifestPath} describes no custom element`);
  const typings = elements.map(elementTypings);
  const classNames = elements.map((element) => element.name).join(', ');
  mkdirSync(outdir, { recursive: true });
  return Object.entries(FRAMEWORK_IMPORTS).map(([framework, frameworkImport]) => {
    const file = join(outdir, `${framework}.d.ts`);
    const parts = [
      `// Generated from ${manifestPath} by scripts/jsx-types.js.`,
      `${frameworkImport}\nimport type { ${classNames} } from './index.js';`,
      ...typings.map((typing) => typing[framework].join('\n')),
    ];
    writeFileSync(file, `${parts.join('\n\n')}\n`);
    return file;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [manifestPath = 'dist/custom-elements.json', outdir = 'dist/types'] = process.argv.slice(2);
  console.log(`JSX typings: ${writeJsxTypes(manifestPath, outdir).join(', ')}`);
}
