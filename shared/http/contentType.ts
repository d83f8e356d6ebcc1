/**
 * Which request bodies count as JSON: `application/json` or any `+json` media type, in UTF-8
 * (no charset parameter, or `charset=utf-8`). Anything else is answered with 415.
 */
export function isJsonContentType(header: string | null | undefined): boolean {
  if (!header) return false;
  const [mediaType = '', ...params] = header.split(';').map((part) => part.trim().toLowerCase());
  const [type, subtype] = mediaType.split('/');
  if (type !== 'application' || !subtype || !(subtype === 'json' || subtype.endsWith('+json'))) return false;
  return params.every((param) => {
    const [name, value = ''] = param.split('=').map((s) => s.trim());
    return name !== 'charset' || ['utf-8', 'utf8', '"utf-8"'].includes(value);
  });
}
