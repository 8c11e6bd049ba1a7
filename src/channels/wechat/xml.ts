import { XMLParser, XMLValidator } from 'fast-xml-parser';

export class WeChatXmlError extends Error {}

/**
 * Only the five predefined entities are decoded; a DOCTYPE (entity definitions, external
 * entities, "billion laughs") never reaches the parser, and nesting stays shallow.
 */
const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
  htmlEntities: false,
  processEntities: true,
  maxNestedTags: 8,
});

/** Markup that declares things: `<!DOCTYPE`, `<!ENTITY`, comments. Only `<![CDATA[` is allowed. */
const DECLARATION = /<!(?!\[CDATA\[)/;

/**
 * Parses one WeChat XML document into the children of its `<xml>` root. Refuses malformed XML,
 * declarations and any other root; values stay strings (MsgId is a 64-bit number).
 */
export function parseWeChatXml(body: string): Record<string, unknown> {
  if (DECLARATION.test(body)) throw new WeChatXmlError('XML declarations (DOCTYPE, ENTITY, comments) are not accepted.');
  const valid = XMLValidator.validate(body);
  if (valid !== true) throw new WeChatXmlError(`Malformed XML: ${valid.err.msg} (line ${valid.err.line}).`);
  let parsed: unknown;
  try {
    parsed = parser.parse(body);
  } catch (err) {
    throw new WeChatXmlError(`Malformed XML: ${err instanceof Error ? err.message : String(err)}`);
  }
  const root = (parsed as Record<string, unknown> | undefined)?.['xml'];
  const keys = Object.keys(parsed as object);
  if (keys.length !== 1 || root === null || typeof root !== 'object' || Array.isArray(root)) {
    throw new WeChatXmlError('The document must have one <xml> root element.');
  }
  return root as Record<string, unknown>;
}

/** Text inside CDATA; a `]]>` in it is split across two sections. */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

/** `<xml>` with the given children, strings as CDATA and numbers as they are. */
export function buildWeChatXml(fields: Record<string, string | number | Record<string, string>>): string {
  const inner = Object.entries(fields)
    .map(([name, value]) => {
      if (typeof value === 'number') return `<${name}>${value}</${name}>`;
      if (typeof value === 'string') return `<${name}>${cdata(value)}</${name}>`;
      return `<${name}>${Object.entries(value).map(([k, v]) => `<${k}>${cdata(v)}</${k}>`).join('')}</${name}>`;
    })
    .join('');
  return `<xml>${inner}</xml>`;
}
