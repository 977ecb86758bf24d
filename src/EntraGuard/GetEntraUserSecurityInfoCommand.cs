using System.Collections.Generic;
using System.Management.Automation;
using EntraGuard.Graph.Response;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Lists the authentication methods (security info) a user has registered.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EntraUserSecurityInfo", DefaultParameterSetName = ByIdSet)]
    [OutputType(typeof(AuthenticationMethodInfo))]
    public sealed class GetEntraUserSecurityInfoCommand : EntraGuardCmdlet
    {
        private const string ByIdSet = "ById";
        private readonly List<string> _pending = new();
        private ResponseEngine? _engine;

        /// <summary><para type="description">The user's object id or user principal name.</para></summary>
        [Parameter(
            ParameterSetName = ByIdSet,
            Mandatory = true,
            Position = 0,
            ValueFromPipeline = true,
            ValueFromPipelineByPropertyName = true
        )]
        [Alias("Id", "ObjectId")]
        [ValidateNotNullOrEmpty]
        public string[] UserId { get; set; } = System.Array.Empty<string>();

        protected override void BeginProcessing() =>
            _engine = new ResponseEngine(new GraphDirectoryGateway(GraphConnectionState.Require(this)));

        protected override void ProcessRecord()
        {
            _pending.AddRange(UserId);
            if (_pending.Count >= ResponseEngine.MaxBatchSize)
                Flush();
        }

        protected override void EndProcessing() => Flush();

        private void Flush()
        {
            if (_pending.Count == 0)
                return;
            var users = _pending.ToArray();
            _pending.Clear();
            var reads = RunToCompletion(token => _engine!.ListAuthenticationMethodsAsync(users, token));
            foreach (var read in reads)
            {
                if (read.Result is { } methods)
                    WriteObject(methods, enumerateCollection: true);
                else
                    WriteError(ToErrorRecord(read.Outcome!.Error!, GraphErrorId(read.Outcome.Error!), read.UserId));
            }
        }
    }
}
