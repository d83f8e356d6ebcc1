/**
 * `@azure/functions` is CommonJS without named ESM exports, so `import { app } from
 * '@azure/functions'` fails at run time under NodeNext. Import the runtime values from here.
 */
import azureFunctions from '@azure/functions';

export const { app, HttpRequest, HttpResponse, InvocationContext } = azureFunctions;
export type {
  EventHubFunctionOptions,
  EventHubHandler,
  HttpFunctionOptions,
  HttpHandler,
  HttpResponseInit,
  TimerFunctionOptions,
} from '@azure/functions';
