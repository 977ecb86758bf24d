using System;
using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Revokes a user's sign-in sessions: refresh tokens and session cookies stop working and the
    /// user must sign in again.</para>
    /// </summary>
    [Cmdlet(
        VerbsSecurity.Revoke,
        "EntraUserSession",
        SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByIdSet
    )]
    [OutputType(typeof(ActionResult))]
    public sealed class RevokeEntraUserSessionCommand : ResponseCmdlet
    {
        private const string ByIdSet = "ById";

        /// <summary><para type="description">The user's object id or user principal name.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ObjectId")]
        [ValidateNotNullOrEmpty]
        public string UserId { get; set; } = "";

        /// <summary><para type="description">When the activity being answered happened: sessions already revoked at or
        /// after it count as done.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [Alias("TimeGenerated")]
        public DateTimeOffset? EventTime { get; set; }

        /// <summary><para type="description">Revoke even the sessions of the user EntraGuard is signed in
        /// as.</para></summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override ResponseAction Action => ResponseAction.RevokeUserSession;

        protected override ResponseRequest CreateRequest() =>
            new()
            {
                UserId = UserId,
                EventTime = EventTime,
                Force = Force,
            };
    }
}
