using System.Collections.Generic;

namespace EntraGuard.Response.Planning
{
    /// <summary>
    /// Adds a removed member back with <c>POST /groups/{id}/members/$ref</c>, which only creates the reference.
    /// Dynamic groups (membership follows a rule) and groups synced from on-premises AD cannot be changed here; a
    /// member already present is already done.
    /// </summary>
    internal sealed class GroupMemberPlanner : Planner
    {
        public GroupMemberPlanner(ResponseRequest request, PlanningContext context)
            : base(request, context) { }

        public override IEnumerable<IReadOnlyList<DirectoryOperation>> Run()
        {
            var memberId = Request.MemberId!;
            var groupRead = new GetGroup(Request.GroupId!);
            var membership = new CheckGroupMember(Request.GroupId!, memberId);
            yield return Read(groupRead, membership);
            if (groupRead.Result is not { } group)
            {
                Fail(
                    new Target(DirectoryObjectType.Group, groupRead.Id, null),
                    $"Restore member {memberId} to group {groupRead.Id}",
                    groupRead
                );
                yield break;
            }

            var target = new Target(DirectoryObjectType.Group, group.Id, group.DisplayName);
            var summary = $"Restore member {memberId} to {target}";
            var priorState = new PriorStateWriter().Group(group, memberId, membership.IsMember).Finish();
            if (group.IsDynamic)
            {
                Decide(
                    target,
                    summary,
                    priorState,
                    ActionStatus.Refused,
                    $"{target} is a dynamic group: its members follow the rule '{group.MembershipRule}' and cannot "
                        + $"be added by hand. Change the rule or the member's attributes instead."
                );
            }
            else if (group.OnPremisesSyncEnabled == true)
            {
                Decide(
                    target,
                    summary,
                    priorState,
                    ActionStatus.Refused,
                    $"{target} is synchronized from on-premises Active Directory: restore the membership there; "
                        + $"the next sync brings it to Entra ID."
                );
            }
            else if (membership.IsMember == true)
            {
                Decide(
                    target,
                    summary,
                    priorState,
                    ActionStatus.AlreadyDone,
                    $"{memberId} is already a member of {target}."
                );
            }
            else
            {
                if (!membership.Succeeded)
                    Note(
                        $"membership could not be checked first ({membership.Outcome!.Error!.Message}); Graph's "
                            + $"answer to the add decides"
                    );
                if (group.IsAssignableToRole == true)
                    Note("role-assignable group: adding members also needs RoleManagement.ReadWrite.Directory");
                Proceed(
                    target,
                    summary,
                    priorState,
                    new AddGroupMember(
                        group.Id,
                        memberId,
                        $"{Context.Connection.GraphBaseUrl}/directoryObjects/{memberId}",
                        group.IsAssignableToRole == true
                    )
                );
            }
        }
    }
}
