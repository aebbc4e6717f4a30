// Function mode (spec/003): `POST /functions/<name>` with JSON Schema-validated
// input and output. The facade app routes every /functions/ request here.
export {
  createFunctionHandler,
  MAX_PENDING_AUDITS,
  type AuthResult,
  type FunctionConfig,
  type FunctionHandler,
  type FunctionHandlerOptions,
} from './handler.js';
export { compileFunctionSchemas, type FunctionValidators, type ValidationResult, type Validator } from './schemas.js';
export { loadFunctionConfig, FUNCTION_CONFIG_FILE, type FunctionFileConfig } from './config.js';
export {
  FUNCTION_SESSION_TAG,
  writeAuditTrail,
  type AuditEvent,
  type AuditMessage,
  type AuditProviderCall,
  type AuditToolCall,
  type AuditRecorder,
  type AuditSession,
  type AuditStatus,
  type FunctionEventType,
  type InvocationTrail,
} from './audit.js';
export { DEFAULT_MAX_BODY_BYTES } from './body.js';
export { FUNCTION_CODES, type FunctionCode, type FunctionErrorCode } from './errors.js';
