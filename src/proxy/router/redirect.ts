/**
 * Envoy's `RedirectAction`: builds the `location` of a redirect from the request's scheme, host
 * and path (https_redirect / scheme_redirect, host_redirect, port_redirect, path_redirect,
 * prefix_rewrite, regex_rewrite, strip_query), and picks the status code (301 by default).
 */
import type { RedirectAction } from '../../envoy/types.ts';
import { compileRe2, envoySubstitutionToRe2js, type Re2 } from '../common/regex.ts';
import { splitHostPort } from '../common/ip.ts';
import { ConfigError } from '../config/config-error.ts';
import { stripQuery } from './match-request.ts';

const CODES: Record<string, number> = { MOVED_PERMANENTLY: 301, FOUND: 302, SEE_OTHER: 303, TEMPORARY_REDIRECT: 307, PERMANENT_REDIRECT: 308 };

export interface CompiledRedirect {
  status: number;
  location(scheme: string, authority: string, path: string, matchedPrefix: string | undefined): string;
}

export function compileRedirect(r: RedirectAction): CompiledRedirect {
  const status = CODES[r.responseCode ?? 'MOVED_PERMANENTLY'];
  if (!status) throw new ConfigError(`unknown redirect responseCode "${r.responseCode}"`);
  if (r.pathRedirect !== undefined && (r.prefixRewrite !== undefined || r.regexRewrite !== undefined)) throw new ConfigError('redirect cannot combine pathRedirect with prefixRewrite or regexRewrite');
  let regex: { re: Re2; sub: string } | undefined;
  if (r.regexRewrite) regex = { re: compileRe2(r.regexRewrite.pattern.regex), sub: envoySubstitutionToRe2js(r.regexRewrite.substitution ?? '') };
  const newScheme = r.httpsRedirect ? 'https' : r.schemeRedirect;
  return {
    status,
    location(scheme, authority, path, matchedPrefix) {
      const finalScheme = newScheme ?? scheme;
      const split = splitHostPort(r.hostRedirect ?? authority);
      const host = split.host;
      let port = split.port;
      if (r.portRedirect) port = String(r.portRedirect);
      else if (newScheme && newScheme !== scheme && (port === '80' || port === '443')) port = undefined;
      else if ((finalScheme === 'https' && port === '443') || (finalScheme === 'http' && port === '80')) port = undefined;
      const q = path.indexOf('?');
      const query = q >= 0 ? path.slice(q) : '';
      let p = stripQuery(path);
      let newQuery = query;
      if (r.pathRedirect !== undefined) {
        const pq = r.pathRedirect.indexOf('?');
        p = pq >= 0 ? r.pathRedirect.slice(0, pq) : r.pathRedirect;
        if (pq >= 0) newQuery = r.pathRedirect.slice(pq);
      } else if (r.prefixRewrite !== undefined && matchedPrefix !== undefined) {
        p = r.prefixRewrite + p.slice(matchedPrefix.length);
      } else if (regex) {
        p = regex.re.replaceAll(p, regex.sub);
      }
      if (r.stripQuery) newQuery = '';
      return `${finalScheme}://${host}${port ? ':' + port : ''}${p}${newQuery}`;
    },
  };
}
