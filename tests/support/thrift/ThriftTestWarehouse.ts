/**
 * A local stand-in for a Databricks SQL warehouse that the real `@databricks/sql` driver can
 * talk to: HTTPS with a self-signed certificate, Thrift binary protocol over HTTP POST,
 * served by the `TCLIService` processor generated inside the driver package. It records what
 * it receives (HTTP requests with their Authorization header, sessions, statements, cancels)
 * and lets a test script failures:
 *
 * - `failNextHttp('OpenSession', 503)`: answer the next such call with an HTTP error (a
 *   warehouse that is starting answers 503 / TEMPORARILY_UNAVAILABLE);
 * - `onStatement(/MERGE/, { kind: 'error' | 'hang' | 'expire-session' | 'ok' })`: how a
 *   matching statement behaves (a SQL error, running until cancelled, an expired session).
 *
 * Statements finish after one status poll and answer like Databricks DML: a one-row result
 * set with a `num_affected_rows` column.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import thrift from 'thrift';
import { thrift as sqlThrift } from '@databricks/sql';
import { makeSelfSignedCert } from './selfSignedCert.js';

const { TCLIService, TCLIService_types: T } = sqlThrift;
type Types = typeof T;
type Req<K extends keyof Types> = InstanceType<Types[K]>;

export type StatementBehaviour =
  /** Succeeds; with `polls`, it reports RUNNING for that many status polls first (~100 ms each). */
  | { kind: 'ok'; affectedRows?: number; polls?: number }
  | { kind: 'error'; message: string; sqlState?: string }
  /** Stays RUNNING until the client cancels it. */
  | { kind: 'hang' }
  /** The session is gone (idle timeout on the warehouse): the call fails with an invalid handle. */
  | { kind: 'expire-session' };

interface Rule {
  match: RegExp;
  behaviour: StatementBehaviour;
  remaining: number;
}

interface HttpFailure {
  method: string;
  status: number;
  retryAfter?: string;
  body: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  httpStatus: number;
}

export interface RecordedStatement {
  sessionId: string;
  text: string;
  queryTimeout: number | undefined;
}

interface Operation {
  id: string;
  sessionId: string;
  behaviour: StatementBehaviour;
  state: 'running' | 'finished' | 'error' | 'cancelled' | 'closed';
  polls: number;
}

const hex = (handle: { guid: Buffer } | undefined): string => (handle ? handle.guid.toString('hex') : '');
// The driver prints handle ids as UUIDs and rejects bytes that are not a valid UUID.
const newId = (): { guid: Buffer; secret: Buffer } => ({
  guid: Buffer.from(randomUUID().replace(/-/g, ''), 'hex'),
  secret: randomBytes(16),
});

function success(): Req<'TStatus'> {
  return new T.TStatus({ statusCode: T.TStatusCode.SUCCESS_STATUS });
}

function invalidSession(sessionId: string): Req<'TStatus'> {
  return new T.TStatus({
    statusCode: T.TStatusCode.INVALID_HANDLE_STATUS,
    errorMessage: `Invalid SessionHandle: SessionHandle [${sessionId}]`,
  });
}

/** Thrift method name of a binary-protocol request, read from its message header. */
function methodName(body: Buffer): string {
  // Strict binary protocol: 4 bytes version+type, 4 bytes name length, then the name.
  const length = body.readInt32BE(4);
  return body.subarray(8, 8 + length).toString('utf8');
}

export class ThriftTestWarehouse {
  readonly requests: RecordedRequest[] = [];
  readonly statements: RecordedStatement[] = [];
  readonly cancelled: string[] = [];
  readonly sessionsOpened: { id: string; configuration: Record<string, string>; catalog?: string }[] = [];
  readonly sessionsClosed: string[] = [];
  private readonly liveSessions = new Set<string>();
  private readonly operations = new Map<string, Operation>();
  private readonly rules: Rule[] = [];
  private readonly httpFailures: HttpFailure[] = [];
  private server?: https.Server;
  private constructor(
    readonly caCert: string,
    private readonly key: string,
    readonly httpPath: string,
  ) {}

  static async start(httpPath = '/sql/1.0/warehouses/test'): Promise<ThriftTestWarehouse> {
    const { cert, key } = makeSelfSignedCert();
    const warehouse = new ThriftTestWarehouse(cert, key, httpPath);
    await warehouse.listen();
    return warehouse;
  }

  /** `127.0.0.1:<port>`, the value for DATABRICKS_HOST. */
  get host(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error('test warehouse is not listening');
    return `127.0.0.1:${address.port}`;
  }

  /** The next `times` calls of `method` get this HTTP status instead of an answer. */
  failNextHttp(
    method: string,
    status: number,
    options: { times?: number; retryAfter?: string; body?: string } = {},
  ): void {
    for (let i = 0; i < (options.times ?? 1); i += 1) {
      this.httpFailures.push({
        method,
        status,
        retryAfter: options.retryAfter,
        body: options.body ?? 'TEMPORARILY_UNAVAILABLE: the SQL warehouse is starting',
      });
    }
  }

  /** Statements matching `match` behave like this (the first `times` of them; default all). */
  onStatement(match: RegExp, behaviour: StatementBehaviour, times = Infinity): void {
    this.rules.push({ match, behaviour, remaining: times });
  }

  /** Method names of the Thrift calls received, in order. */
  methods(): string[] {
    return this.requests.map((request) => request.method);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(): Promise<void> {
    const processor = new TCLIService.Processor(this.handler());
    const server = https.createServer({ cert: this.caCert, key: this.key }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const method =
          request.method === 'POST' && body.length >= 8 ? methodName(body) : `${request.method} ${request.url}`;
        const record: RecordedRequest = {
          method,
          path: request.url ?? '',
          authorization: request.headers.authorization,
          httpStatus: 200,
        };
        this.requests.push(record);
        if (process.env.DEBUG_THRIFT) console.error('THRIFT', method);
        if (request.method !== 'POST' || request.url !== this.httpPath) {
          record.httpStatus = 404;
          response.writeHead(404).end();
          return;
        }
        const failure = this.takeHttpFailure(method);
        if (failure) {
          record.httpStatus = failure.status;
          const headers: Record<string, string> = { 'x-thriftserver-error-message': failure.body };
          if (failure.retryAfter) headers['Retry-After'] = failure.retryAfter;
          response.writeHead(failure.status, headers).end(failure.body);
          return;
        }
        this.process(processor, body, response);
      });
    });
    this.server = server;
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  }

  private takeHttpFailure(method: string): HttpFailure | undefined {
    const at = this.httpFailures.findIndex((failure) => failure.method === method);
    return at >= 0 ? this.httpFailures.splice(at, 1)[0] : undefined;
  }

  private process(
    processor: InstanceType<typeof TCLIService.Processor>,
    body: Buffer,
    response: https.ServerResponse,
  ): void {
    thrift.TBufferedTransport.receiver((transport) => {
      const input = new thrift.TBinaryProtocol(transport);
      const output = new thrift.TBinaryProtocol(
        new thrift.TBufferedTransport(undefined, (buffer?: Buffer) => {
          response.writeHead(200, { 'Content-Type': 'application/x-thrift' }).end(buffer);
        }),
      );
      processor.process(input, output);
    }, 0)(body);
  }

  private behaviourFor(text: string): StatementBehaviour {
    const rule = this.rules.find((candidate) => candidate.remaining > 0 && candidate.match.test(text));
    if (!rule) return { kind: 'ok', affectedRows: 0 };
    rule.remaining -= 1;
    return rule.behaviour;
  }

  private operationHandle(id: Buffer, secret: Buffer): Req<'TOperationHandle'> {
    return new T.TOperationHandle({
      operationId: new T.THandleIdentifier({ guid: id, secret }),
      operationType: T.TOperationType.EXECUTE_STATEMENT,
      hasResultSet: true,
    });
  }

  /** Handlers take exactly one argument: then the generated processor awaits what they return. */
  private handler(): object {
    return {
      OpenSession: (req: Req<'TOpenSessionReq'>) => {
        const handle = newId();
        const id = handle.guid.toString('hex');
        this.liveSessions.add(id);
        this.sessionsOpened.push({
          id,
          configuration: { ...(req.configuration ?? {}) },
          catalog: req.initialNamespace?.catalogName,
        });
        return new T.TOpenSessionResp({
          status: success(),
          serverProtocolVersion: T.TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V1,
          sessionHandle: new T.TSessionHandle({ sessionId: new T.THandleIdentifier(handle) }),
        });
      },
      CloseSession: (req: Req<'TCloseSessionReq'>) => {
        const id = hex(req.sessionHandle.sessionId);
        this.sessionsClosed.push(id);
        this.liveSessions.delete(id);
        return new T.TCloseSessionResp({ status: success() });
      },
      ExecuteStatement: (req: Req<'TExecuteStatementReq'>) => {
        const sessionId = hex(req.sessionHandle.sessionId);
        if (!this.liveSessions.has(sessionId))
          return new T.TExecuteStatementResp({ status: invalidSession(sessionId) });
        const behaviour = this.behaviourFor(req.statement);
        if (behaviour.kind === 'expire-session') {
          this.liveSessions.delete(sessionId);
          return new T.TExecuteStatementResp({ status: invalidSession(sessionId) });
        }
        this.statements.push({
          sessionId,
          text: req.statement,
          queryTimeout: req.queryTimeout ? req.queryTimeout.toNumber() : undefined,
        });
        const { guid, secret } = newId();
        const id = guid.toString('hex');
        this.operations.set(id, { id, sessionId, behaviour, state: 'running', polls: 0 });
        return new T.TExecuteStatementResp({ status: success(), operationHandle: this.operationHandle(guid, secret) });
      },
      GetOperationStatus: (req: Req<'TGetOperationStatusReq'>) => {
        const operation = this.operations.get(hex(req.operationHandle.operationId));
        if (!operation) {
          return new T.TGetOperationStatusResp({
            status: new T.TStatus({
              statusCode: T.TStatusCode.INVALID_HANDLE_STATUS,
              errorMessage: 'unknown operation',
            }),
          });
        }
        operation.polls += 1;
        const slow = operation.behaviour.kind === 'ok' && operation.polls <= (operation.behaviour.polls ?? 0);
        if (operation.state === 'running' && operation.behaviour.kind !== 'hang' && !slow) {
          operation.state = operation.behaviour.kind === 'error' ? 'error' : 'finished';
        }
        const states = {
          running: T.TOperationState.RUNNING_STATE,
          finished: T.TOperationState.FINISHED_STATE,
          error: T.TOperationState.ERROR_STATE,
          cancelled: T.TOperationState.CANCELED_STATE,
          closed: T.TOperationState.CLOSED_STATE,
        };
        const error = operation.behaviour.kind === 'error' ? operation.behaviour : undefined;
        return new T.TGetOperationStatusResp({
          status: success(),
          operationState: states[operation.state],
          hasResultSet: true,
          ...(operation.state === 'error' && error
            ? { errorMessage: error.message, displayMessage: error.message, sqlState: error.sqlState }
            : {}),
        });
      },
      CancelOperation: (req: Req<'TCancelOperationReq'>) => {
        const id = hex(req.operationHandle.operationId);
        this.cancelled.push(id);
        const operation = this.operations.get(id);
        if (operation) operation.state = 'cancelled';
        return new T.TCancelOperationResp({ status: success() });
      },
      CloseOperation: (req: Req<'TCloseOperationReq'>) => {
        const operation = this.operations.get(hex(req.operationHandle.operationId));
        if (operation && operation.state === 'finished') operation.state = 'closed';
        return new T.TCloseOperationResp({ status: success() });
      },
      // One declared parameter each: the processor checks `handler.length === 1` to await a result.
      GetResultSetMetadata: (_req: Req<'TGetResultSetMetadataReq'>) =>
        new T.TGetResultSetMetadataResp({
          status: success(),
          resultFormat: T.TSparkRowSetType.COLUMN_BASED_SET,
          schema: new T.TTableSchema({
            columns: [
              new T.TColumnDesc({
                columnName: 'num_affected_rows',
                position: 1,
                typeDesc: new T.TTypeDesc({
                  types: [
                    new T.TTypeEntry({ primitiveEntry: new T.TPrimitiveTypeEntry({ type: T.TTypeId.BIGINT_TYPE }) }),
                  ],
                }),
              }),
            ],
          }),
        }),
      FetchResults: (req: Req<'TFetchResultsReq'>) => {
        const operation = this.operations.get(hex(req.operationHandle.operationId));
        const affected = operation?.behaviour.kind === 'ok' ? (operation.behaviour.affectedRows ?? 0) : 0;
        return new T.TFetchResultsResp({
          status: success(),
          hasMoreRows: false,
          results: new T.TRowSet({
            startRowOffset: new thrift.Int64(0),
            rows: [],
            columns: [
              new T.TColumn({
                i64Val: new T.TI64Column({ values: [new thrift.Int64(affected)], nulls: Buffer.alloc(1) }),
              }),
            ],
          }),
        });
      },
    };
  }
}
