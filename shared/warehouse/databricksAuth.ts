/**
 * How PulseLake authenticates to Azure Databricks (SQL warehouse and Jobs API): a Microsoft
 * Entra ID token for the Azure Databricks resource, from `@azure/identity` (managed identity
 * in Azure, service principal or developer login elsewhere). A personal access token from
 * DATABRICKS_TOKEN is accepted for development only.
 */
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';

/** The Azure Databricks first-party application; `/.default` asks for its token. */
export const AZURE_DATABRICKS_SCOPE = '2ff814a6-3304-4ab8-85cb-cd0e6f879c1d/.default';

/** Returns a bearer token; called before requests, so it must cache (both sources do). */
export type BearerTokenSource = () => Promise<string>;

export interface DatabricksAuth {
  /** `entra` in production, `pat` for development. */
  readonly kind: 'entra' | 'pat';
  readonly getToken: BearerTokenSource;
}

/** Entra ID through any TokenCredential; the credential caches and refreshes tokens itself. */
export function entraAuth(credential: TokenCredential = new DefaultAzureCredential()): DatabricksAuth {
  return {
    kind: 'entra',
    getToken: async () => {
      const token = await credential.getToken(AZURE_DATABRICKS_SCOPE);
      if (!token) throw new Error(`no Entra ID token for ${AZURE_DATABRICKS_SCOPE}`);
      return token.token;
    },
  };
}

export function patAuth(token: string): DatabricksAuth {
  return { kind: 'pat', getToken: async () => token };
}

/** A PAT when DATABRICKS_TOKEN is set (development), otherwise Entra ID. */
export function databricksAuthFrom(pat: string | undefined, credential?: TokenCredential): DatabricksAuth {
  return pat ? patAuth(pat) : entraAuth(credential);
}

export interface DatabricksEndpoint {
  hostname: string;
  port: number;
  /** `https://host[:port]`, the base of REST calls. */
  origin: string;
}

/** Accepts `adb-1.2.azuredatabricks.net`, with or without `https://`, a port or a trailing slash. */
export function parseDatabricksHost(host: string): DatabricksEndpoint {
  const trimmed = host.trim().replace(/\/+$/, '');
  const url = new URL(/^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  if (url.protocol !== 'https:') throw new Error(`Databricks host must use https, got "${host}"`);
  const port = url.port ? Number(url.port) : 443;
  return { hostname: url.hostname, port, origin: url.origin };
}
