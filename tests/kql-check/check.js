// Reads a JSON array of {"name", "query"} on stdin, checks every query with Microsoft's Kusto language service
// against the declared AuditLogs table, and writes a JSON array of {"name", "diagnostics": [...]} to stdout.
// One process checks every query: loading the language service is the slow part.
'use strict';
require('@kusto/language-service-next/bridge.min.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');

const K = Kusto.Language;

// The AuditLogs table as Azure Monitor documents it (column: type).
const auditLogs = '(' + [
  'TenantId:string', 'SourceSystem:string', 'TimeGenerated:datetime', 'ResourceId:string', 'OperationName:string',
  'OperationVersion:string', 'Category:string', 'ResultType:string', 'ResultSignature:string', 'ResultDescription:string',
  'DurationMs:long', 'CorrelationId:string', 'Resource:string', 'ResourceGroup:string', 'ResourceProvider:string',
  'Identity:string', 'Level:string', 'Location:string', 'AdditionalDetails:dynamic', 'Id:string', 'InitiatedBy:dynamic',
  'LoggedByService:string', 'Result:string', 'ResultReason:string', 'TargetResources:dynamic', 'AADTenantId:string',
  'ActivityDisplayName:string', 'ActivityDateTime:datetime', 'AADOperationType:string', 'Type:string',
].join(', ') + ')';

const table = new K.Symbols.TableSymbol.$ctor7('AuditLogs', auditLogs, null);
const database = new K.Symbols.DatabaseSymbol.ctor('LogAnalytics', [table]);
const globals = K.GlobalState.Default.WithDatabase(database);

function check(query) {
  const code = K.KustoCode.ParseAndAnalyze(query, globals);
  const list = code.GetDiagnostics();
  const diagnostics = [];
  for (let i = 0; i < list.Count; i++) {
    const d = list.getItem(i);
    const before = query.substring(0, d.Start);
    const line = before.split('\n').length;
    diagnostics.push({ severity: String(d.Severity), code: d.Code, message: d.Message, line, text: query.substr(d.Start, Math.max(d.Length, 1)) });
  }
  return diagnostics;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', chunk => { input += chunk; });
process.stdin.on('end', () => {
  const queries = JSON.parse(input);
  const results = queries.map(q => ({ name: q.name, diagnostics: check(q.query) }));
  process.stdout.write(JSON.stringify(results));
});
