using System.Management.Automation;
using EntraGuard.Response;

namespace EntraGuard.Commands
{
    /// <summary>
    /// <para type="synopsis">Adds a member that was removed from a group back to it (POST members/$ref).</para>
    /// </summary>
    [Cmdlet(
        VerbsData.Restore,
        "EntraGroupMember",
        SupportsShouldProcess = true,
        ConfirmImpact = ConfirmImpact.High,
        DefaultParameterSetName = ByIdSet
    )]
    [OutputType(typeof(ActionResult))]
    public sealed class RestoreEntraGroupMemberCommand : ResponseCmdlet
    {
        private const string ByIdSet = "ById";

        /// <summary><para type="description">The group's object id.</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string GroupId { get; set; } = "";

        /// <summary><para type="description">The object id of the member to add back (user, group, service principal,
        /// device).</para></summary>
        [Parameter(ParameterSetName = ByIdSet, Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "ObjectId")]
        [ValidateNotNullOrEmpty]
        public string MemberId { get; set; } = "";

        protected override ResponseAction Action => ResponseAction.RestoreGroupMember;

        protected override ResponseRequest CreateRequest() => new() { GroupId = GroupId, MemberId = MemberId };
    }
}
