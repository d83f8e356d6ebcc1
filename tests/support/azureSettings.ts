/**
 * App settings of an Azure deployment, for tests that build the Function App's services or load
 * its entry point. Nothing is contacted when the services are built: the values only need to parse.
 */
export const AZURE_SETTINGS: Readonly<Record<string, string>> = {
  PULSELAKE_STORAGE: 'blob',
  AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true',
  PULSELAKE_EVENTHUB_CONNECTION: 'Endpoint=sb://ns.servicebus.windows.net/;SharedAccessKeyName=n;SharedAccessKey=k',
  PULSELAKE_EVENTHUB_NAME: 'bpm',
  DATABRICKS_HOST: 'adb-1.1.azuredatabricks.net',
  DATABRICKS_HTTP_PATH: '/sql/1.0/warehouses/abc',
};
