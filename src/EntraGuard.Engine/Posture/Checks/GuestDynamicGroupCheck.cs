using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class GuestDynamicGroupCheck : PostureCheck
    {
        private const string GuestRule = "(user.userType -eq \"Guest\")";

        public GuestDynamicGroupCheck()
            : base(
                "EGP086",
                "A dynamic group gathers every guest",
                Severity.Low,
                "Guest access",
                PostureData.DynamicGroups,
                PostureLicence.EntraIdP1,
                "Guests come and go through invitations, self-service sign-up and B2B direct connections, so a list "
                    + "kept by hand is always behind. A group whose rule takes in every guest is the one handle "
                    + "Conditional Access, access reviews and licensing can hold all of them by — a policy aimed at "
                    + "it covers the guest invited this morning too.",
                "Create a security group with dynamic user membership and the rule "
                    + GuestRule
                    + " (Microsoft Entra admin center > Groups > New group, Membership type: Dynamic User; Graph: POST "
                    + "/groups with groupTypes [\"DynamicMembership\"], membershipRule "
                    + GuestRule
                    + " and "
                    + "membershipRuleProcessingState \"On\"), then aim guest policies and reviews at it."
            )
        {
            Frameworks = new[] { "CIS.M365.5.1.3.1" };
        }

        // Maester passes on any dynamic group whose rule contains the guest test. Here the rule must not narrow it
        // (-and, -not) and must be running: a paused rule stops adding the guests who arrive after it.
        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var groups = context.Require(snapshot.DynamicGroups, PostureData.DynamicGroups);
            var guestGroups = groups.Where(group => group.IsDynamic && group.RuleGathersAllGuests).ToArray();
            var running = guestGroups.Where(group => group.RuleIsProcessed).ToArray();
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.DynamicGroups)}: {groups.Count} dynamic group(s); rules that "
                    + "gather every guest: "
                    + (
                        guestGroups.Length == 0
                            ? "none"
                            : string.Join(
                                ", ",
                                guestGroups.Select(g =>
                                    $"{g} {g.MembershipRule} (processing "
                                    + $"{g.MembershipRuleProcessingState ?? "unknown"})"
                                )
                            )
                    ),
            };
            if (running.Length > 0)
                return CheckOutcome.Pass($"{running[0]} gathers every guest", evidence);
            var finding = new PostureFinding
            {
                TargetId = "dynamicGroups",
                TargetName = "Dynamic groups",
                TargetType = "setting",
                Detail =
                    guestGroups.Length == 0
                        ? $"no dynamic group has a rule that takes in every guest, such as {GuestRule}"
                        : $"the guest rule of {string.Join(", ", guestGroups.Select(g => g.ToString()))} is paused",
            };
            return CheckOutcome.FromFindings(new[] { finding }, "no dynamic group gathers every guest", "", evidence);
        }
    }
}
