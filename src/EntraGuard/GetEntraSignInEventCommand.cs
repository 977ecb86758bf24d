using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Graph;
using EntraGuard.Ingest;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Gets Entra ID sign-ins of every log from Microsoft Graph or from exported files.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraSignInEvent", DefaultParameterSetName = GraphSet)]
    [OutputType(typeof(SignInEvent))]
    public sealed class GetEntraSignInEventCommand : GetLogEventCommand
    {
        public GetEntraSignInEventCommand()
            : base("Sign-ins from Microsoft Graph", 2, "InvalidSignInQuery") { }

        /// <summary>The user: object id or user principal name.</summary>
        [Parameter]
        [Alias("UserPrincipalName")]
        [ValidateNotNullOrEmpty]
        public string? UserId { get; set; }

        /// <summary>The object id of the service principal signing in.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServicePrincipalId { get; set; }

        /// <summary>The application (client) id: the app signed in to, or the app signing in.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? AppId { get; set; }

        /// <summary>The sign-in logs to read (default: every log the other filters allow).</summary>
        [Parameter]
        [Alias("SignInEventType")]
        public SignInKind[] EventType { get; set; } = Array.Empty<SignInKind>();

        /// <summary>The query the filter parameters describe over a range, checked.</summary>
        private SignInQuery BuildQuery(DateTimeOffset since, DateTimeOffset until)
        {
            var query = new SignInQuery
            {
                Since = since,
                Until = until,
                User = UserId,
                ServicePrincipalId = ServicePrincipalId,
                AppId = AppId,
                Kinds = EventType,
            };
            query.Validate();
            return query;
        }

        private protected override void ReadFiles(AuditReadOptions options)
        {
            var query = ValidQuery(FileRange, BuildQuery);
            ReadSignInPaths(
                Path,
                options,
                Statistics,
                signIn =>
                {
                    if (query.Matches(signIn))
                        WriteObject(signIn);
                }
            );
        }

        private protected override void CheckFilesRead()
        {
            WriteReadSummary(Statistics, "only sign-in logs are read");
            if (AllowEmpty || AnyPathFailed)
                return;
            try
            {
                AuditCoverage.RequireSignIns(Paths, Statistics, "use -AllowEmpty if that is expected");
            }
            catch (NoAuditEventsException ex)
            {
                WriteError(new ErrorRecord(ex, "NoSignIns", ErrorCategory.InvalidData, Paths.ToArray()));
            }
        }

        private protected override void CollectFromGraph()
        {
            var query = ValidQuery(GraphRange, BuildQuery);
            CollectFromGraph<SignInEvent>(
                query,
                (deliver, observer, token) =>
                    new GraphSignInCollector(GraphConnectionState.Require(this)).CollectAsync(
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
