/**
 * Glob patterns for `exclude` (`**`, `*`, `?`, `{a,b}`), matched against paths relative to the configuration's
 * folder with forward slashes. A pattern without a slash matches a file or folder name at any depth, as in
 * `.gitignore`.
 */
export function globToRegExp(pattern: string): RegExp {
  let p = pattern.replace(/\\/g, '/').replace(/^\.\//, '');
  const anyDepth = !p.includes('/') || p.startsWith('**/');
  if (p.endsWith('/')) p += '**';
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*' && p[i + 1] === '*') {
      const slash = p[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = p.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${p.slice(i + 1, end).split(',').map(escape).join('|')})`;
        i = end;
      }
    } else re += escape(c);
  }
  return new RegExp(`^${anyDepth && !re.startsWith('(?:.*/)?') ? '(?:.*/)?' : ''}${re}(?:/.*)?$`);
}

function escape(s: string): string {
  return s.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
}

/** Whether a relative path (or one of its parent folders) matches any of the patterns. */
export function isExcluded(relativePath: string, patterns: readonly RegExp[]): boolean {
  const path = relativePath.replace(/\\/g, '/');
  return patterns.some((re) => re.test(path));
}
