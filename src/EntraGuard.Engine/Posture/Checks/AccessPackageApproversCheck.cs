using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Maester's MT.1109 reads each approver one request at a time: a user approver must exist and be enabled, a group
    /// approver must exist and have a member, and an approving stage must name someone. Here the users and groups of
    /// every stage are read by id, 15 a request, with the groups' members inline; fallback approvers are judged too,
    /// since Entra turns to them when the primary ones cannot decide. Relations (the requestor's manager, sponsors)
    /// name nobody, so they are not judged.
    /// </summary>
    internal sealed class AccessPackageApproversCheck : PostureCheck
    {
        public AccessPackageApproversCheck()
            : base(
                "EGP113",
                "Access package approvals name approvers who exist",
                Severity.Medium,
                "Entitlement management",
                PostureData.AccessPackagePolicies | PostureData.AccessPackageApprovers,
                PostureLicence.Pim,
                "A request waiting on a deleted or disabled user, or on an empty group, is approved by nobody: it "
                    + "times out and is denied, so people ask for access some other way, and whoever later "
                    + "receives a restored account or joins the group decides alone. Entitlement management needs "
                    + "Microsoft Entra ID P2 or ID Governance.",
                "Name approvers who can act, or add members to the approving group (Entra admin center → Identity "
                    + "governance → Entitlement management → Access packages → the package → Policies → Requests, "
                    + "Approval; Graph: PUT /identityGovernance/entitlementManagement/assignmentPolicies/{id} with "
                    + "requestApprovalSettings.stages)."
            )
        {
            Frameworks = new[] { "MT.1109" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var policies = context.Require(snapshot.AccessPackagePolicies, PostureData.AccessPackagePolicies);
            var found = context
                .Require(snapshot.AccessPackageApprovers, PostureData.AccessPackageApprovers)
                .ById(approver => approver.Id);
            var approving = policies.Where(policy => policy.ApprovalRequired == true).ToArray();
            var named = approving
                .SelectMany(p => p.ApprovalStages)
                .SelectMany(s => s.Approvers)
                .Select(a => a.ObjectId)
                .OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToArray();
            var known = named.Where(found.ContainsKey).Select(id => found[id]).ToArray();
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.AccessPackagePolicies)}: {approving.Length} of {policies.Count} "
                    + $"assignment policy(ies) require approval, naming {named.Length} user or group approver(s)",
                $"{snapshot.SourceOf(PostureData.AccessPackageApprovers)}: {known.Length} of them found",
            };
            var unknown = known.FirstOrDefault(a => (a.IsGroup ? a.HasMembers : a.AccountEnabled) is null);
            if (unknown is not null)
                return CheckOutcome.Skip(
                    $"skipped: Graph returned {unknown} without {(unknown.IsGroup ? "its members" : "accountEnabled")}",
                    evidence
                );
            var findings = approving
                .SelectMany(policy => ProblemsOf(policy, found).Distinct().Select(problem => (policy, problem)))
                .Select(judged => new PostureFinding
                {
                    TargetId = judged.policy.Id,
                    TargetName = judged.policy.DisplayName,
                    TargetType = "assignmentPolicy",
                    Detail = $"{judged.policy}: {judged.problem}",
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "approval stages that wait on approvers who cannot act",
                approving.Length == 0
                    ? "no assignment policy requires approval"
                    : $"every approver of the {approving.Length} approving policy(ies) exists and can act",
                evidence
            );
        }

        private static IEnumerable<string> ProblemsOf(
            AssignmentPolicy policy,
            IReadOnlyDictionary<string, DirectoryApprover> found
        )
        {
            if (policy.ApprovalStages.Count == 0)
                yield return "approval is required but no stage is set";
            foreach (var (stage, index) in policy.ApprovalStages.Select((stage, index) => (stage, index + 1)))
            {
                if (!stage.Approvers.Any())
                    yield return $"stage {index} names no approver";
                foreach (var approver in stage.Approvers.Where(a => a.NamesSomeone))
                {
                    var kind = approver.IsGroup ? "group" : "user";
                    if (approver.ObjectId is null)
                        yield return $"stage {index} names a {kind} without an id";
                    else if (!found.TryGetValue(approver.ObjectId, out var known))
                        yield return $"stage {index} names {kind} {approver.ObjectId}, which no longer exists";
                    else if (known.AccountEnabled == false)
                        yield return $"stage {index} names {known}, whose account is disabled";
                    else if (known.HasMembers == false)
                        yield return $"stage {index} names {known}, which has no members";
                }
            }
        }
    }
}
