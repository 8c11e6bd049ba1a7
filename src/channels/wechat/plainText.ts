/**
 * Markdown as WeChat shows it: WeChat renders text as typed, so emphasis marks, heading hashes and
 * link syntax are dropped, bullets become "•", links keep their address after the label.
 */
export function markdownToPlainText(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/```[^\n]*\n([\s\S]*?)```/g, '$1')
    .split('\n')
    .map((line) =>
      line
        .replace(/^\s{0,3}#{1,6}\s+/, '')
        .replace(/^\s{0,3}>\s?/, '')
        .replace(/^(\s*)[-*+]\s+/, '$1• ')
        .replace(/^\s*([-*_])(\s*\1){2,}\s*$/, ''),
    )
    .join('\n')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} ${url}`))
    .replace(/(?<!\*)\*\*(?![\s*])([^\n*]*?[^\s*])\*\*(?!\*)/gu, '$1')
    .replace(/(?<![\p{L}\p{N}_])__(?![\s_])([^\n_]*?[^\s_])__(?![\p{L}\p{N}_])/gu, '$1')
    .replace(/(?<![*\p{N}])\*(?![\s*])([^*\n]*?[^\s*])\*(?![*\p{N}])/gu, '$1')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
