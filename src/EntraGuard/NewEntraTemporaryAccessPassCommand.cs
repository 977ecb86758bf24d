using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Issues a temporary access pass so that a user can register authentication methods again;
    /// the pass is returned once, as a SecureString.</para>
    /// </summary>
    [Cmdlet(
        VerbsCommon.New,
        "EntraTemporaryAccessPass",
        SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByIdSet
    )]
    [OutputType(typeof(ActionResult))]
    public sealed class NewEntraTemporaryAccessPassCommand : ResponseCmdlet
    {
        private const string ByIdSet = "ById";

        /// <summary><para type="description">The user's object id or user principal name.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ObjectId")]
        [ValidateNotNullOrEmpty]
        public string UserId { get; set; } = "";

        /// <summary><para type="description">How long the pass is valid, 10 to 43200 minutes (the tenant's policy may
        /// narrow it).</para></summary>
        [Parameter(ParameterSetName = ByIdSet)]
        [ValidateRange(ResponseRequest.MinimumPassLifetime, ResponseRequest.MaximumPassLifetime)]
        public int LifetimeInMinutes { get; set; } = ResponseRequest.DefaultPassLifetime;

        /// <summary><para type="description">Let the pass be used more than once within its lifetime (default: usable
        /// once).</para></summary>
        [Parameter(ParameterSetName = ByIdSet)]
        public SwitchParameter Reusable { get; set; }

        protected override ResponseAction Action => ResponseAction.IssueTemporaryAccessPass;

        protected override ResponseRequest CreateRequest() =>
            new()
            {
                UserId = UserId,
                LifetimeInMinutes = LifetimeInMinutes,
                IsUsableOnce = !Reusable,
            };
    }
}
