using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    internal sealed class ApprovedPublicGroupsCheck : PostureCheck
    {
        public ApprovedPublicGroupsCheck()
            : base(
                "EGP087",
                "Only approved Microsoft 365 groups are public",
                Severity.Medium,
                "Groups and Teams",
                PostureData.MicrosoftGroups,
                PostureLicence.None,
                "Anyone in the tenant can join a public Microsoft 365 group without an owner's consent and read its "
                    + "mail, files, SharePoint site and Teams channels. A group made public by default or by mistake "
                    + "shares everything in it with every account, a compromised one included.",
                "Make each group listed private (Microsoft 365 admin center > Teams & groups > Active teams & groups > "
                    + "the group > Settings > Privacy: Private; Graph: PATCH /groups/{id} with visibility "
                    + "\"Private\"), "
                    + "or, when it is meant to be open, add its object id to posture.approvedPublicGroups."
            )
        {
            Frameworks = new[] { "CIS.M365.1.2.1" };
        }

        // The verdict: Failed while any public Microsoft 365 group is missing from posture.approvedPublicGroups;
        // with no list, every public group is named for review (as Maester, which fails on any public group).
        // Groups are approved by object id, because a display name is not unique and anyone can copy it.
        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var groups = context.Require(snapshot.MicrosoftGroups, PostureData.MicrosoftGroups);
            var approved = new HashSet<string>(
                context.Settings.ApprovedPublicGroups,
                System.StringComparer.OrdinalIgnoreCase
            );
            var publicGroups = groups.Where(group => group.IsPublic).ToArray();
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.MicrosoftGroups)}: {groups.Count} Microsoft 365 group(s), "
                    + $"{publicGroups.Length} public",
                "settings: approved public groups: "
                    + (approved.Count == 0 ? "none listed" : string.Join(", ", context.Settings.ApprovedPublicGroups)),
            };
            var findings = publicGroups
                .Where(group => !approved.Contains(group.Id))
                .Select(group => new PostureFinding
                {
                    TargetId = group.Id,
                    TargetName = group.DisplayName ?? group.Id,
                    TargetType = "group",
                    Detail =
                        $"{group} is public and not in posture.approvedPublicGroups: anyone in the tenant can join",
                })
                .ToArray();
            return CheckOutcome.FromFindings(
                findings,
                "Microsoft 365 groups are public without approval",
                publicGroups.Length == 0 ? "no Microsoft 365 group is public" : "every public group is approved",
                evidence
            );
        }
    }
}
