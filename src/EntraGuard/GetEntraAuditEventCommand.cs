using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Commands.Completion;
using EntraGuard.Graph;
using EntraGuard.Ingest;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Entra ID directory audit events from Microsoft Graph or from exported files.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraAuditEvent", DefaultParameterSetName = GraphSet)]
    [OutputType(typeof(AuditEvent))]
    public sealed class GetEntraAuditEventCommand : GetLogEventCommand
    {
        public GetEntraAuditEventCommand()
            : base("Directory audits from Microsoft Graph", 1, "InvalidAuditQuery") { }

        /// <summary>Activity names (compared with dashes and spaces normalized).</summary>
        [Parameter]
        [Alias("ActivityDisplayName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ActivityNameCompleter))]
        public string[] Activity { get; set; } = Array.Empty<string>();

        /// <summary>Audit categories (ApplicationManagement, GroupManagement, UserManagement, …).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Category { get; set; } = Array.Empty<string>();

        /// <summary>The initiating user: object id, user principal name or display name.</summary>
        [Parameter]
        [Alias("UserId", "UserPrincipalName")]
        [ValidateNotNullOrEmpty]
        public string? InitiatedByUser { get; set; }

        /// <summary>The initiating application: application (client) id or display name.</summary>
        [Parameter]
        [Alias("AppId")]
        [ValidateNotNullOrEmpty]
        public string? InitiatedByApp { get; set; }

        /// <summary>The object id of a target resource.</summary>
        [Parameter]
        [Alias("ObjectId")]
        [ValidateNotNullOrEmpty]
        public string? TargetId { get; set; }

        /// <summary>Only events with these results.</summary>
        [Parameter]
        [ValidateSet("success", "failure", "timeout", IgnoreCase = true)]
        public string[] Result { get; set; } = Array.Empty<string>();

        // Coverage counts every event read: a filter that matches nothing is not an empty export.
        private readonly AuditCoverage _coverage = new();

        /// <summary>The query the filter parameters describe over a range, checked.</summary>
        private AuditQuery BuildQuery(DateTimeOffset since, DateTimeOffset until)
        {
            var query = new AuditQuery
            {
                Since = since,
                Until = until,
                Activities = Activity,
                Categories = Category,
                InitiatedByUser = InitiatedByUser,
                InitiatedByApp = InitiatedByApp,
                TargetId = TargetId,
                Results = Result,
            };
            query.Validate();
            return query;
        }

        private protected override void ReadFiles(AuditReadOptions options)
        {
            var query = ValidQuery(FileRange, BuildQuery);
            ReadAuditPaths(
                Path,
                options,
                Statistics,
                auditEvent =>
                {
                    _coverage.Add(auditEvent);
                    if (query.Matches(auditEvent))
                        WriteObject(auditEvent);
                }
            );
        }

        private protected override void CheckFilesRead()
        {
            WriteReadSummary(Statistics);
            if (CheckCoverage(Paths, _coverage, Statistics, AllowEmpty) is { } empty)
                WriteError(empty);
        }

        private protected override void CollectFromGraph()
        {
            var query = ValidQuery(GraphRange, BuildQuery);
            CollectFromGraph<AuditEvent>(
                query,
                (deliver, observer, token) =>
                    new GraphAuditCollector(GraphConnectionState.Require(this)).CollectAsync(
                        query,
                        deliver,
                        observer,
                        ResumeFrom,
                        token
                    )
            );
        }
    }
}
