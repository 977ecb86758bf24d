using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Maester's MT.1108 reads beta's requestorSettings (acceptRequests, scopeType). v1.0 says the same with
    /// allowedTargetScope, specificAllowedTargets and the requestor flags, judged here. Two places differ: a policy
    /// only administrators assign through (notSpecified, beta's NoSubjects) is how direct assignment works, so it is
    /// not idle; and a policy has no end date of its own in v1.0 (expiration is the assignments'), so none is read.
    /// </summary>
    internal sealed class IdleAssignmentPoliciesCheck : PostureCheck
    {
        public IdleAssignmentPoliciesCheck()
            : base(
                "EGP111",
                "Access packages have no idle or orphaned assignment policies",
                Severity.Low,
                "Entitlement management",
                PostureData.AccessPackagePolicies,
                PostureLicence.Pim,
                "An assignment policy nobody can use still looks like a way in: requests through it are refused "
                    + "or wait for an approver who was never named until they expire, and a policy left behind by "
                    + "a deleted package hides what was once granted. Such policies drift until someone turns "
                    + "them back on without review. Entitlement management needs Microsoft Entra ID P2 or ID "
                    + "Governance.",
                "Name who may request and who approves, turn requests back on, or delete the policy (Entra admin "
                    + "center → Identity governance → Entitlement management → Access packages → the package → "
                    + "Policies; Graph: PUT /identityGovernance/entitlementManagement/assignmentPolicies/{id} or "
                    + "DELETE the same path)."
            )
        {
            Frameworks = new[] { "MT.1108" };
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var policies = context.Require(snapshot.AccessPackagePolicies, PostureData.AccessPackagePolicies);
            var requestable = policies.Count(policy => policy.TakesRequests);
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.AccessPackagePolicies)}: {policies.Count} assignment policy(ies), "
                    + $"{requestable} taking requests, {policies.Count - requestable} for administrators' "
                    + "assignments only",
            };
            var unreadable = policies
                .Where(p => p.TakesRequests && p.AccessPackageId is not null && p.SelfRequestsAccepted is null)
                .ToArray();
            if (unreadable.Length > 0)
                return CheckOutcome.Skip(
                    $"skipped: {unreadable[0]} came without requestorSettings, so whether it takes requests is unknown",
                    evidence
                );
            var findings = policies
                .Select(policy => (Policy: policy, Problem: ProblemOf(policy)))
                .Where(judged => judged.Problem is not null)
                .Select(judged => new PostureFinding
                {
                    TargetId = judged.Policy.Id,
                    TargetName = judged.Policy.DisplayName,
                    TargetType = "assignmentPolicy",
                    Detail = $"{judged.Policy} {judged.Problem}",
                })
                .ToList();
            return CheckOutcome.FromFindings(
                findings,
                "assignment policies that nobody can use",
                policies.Count == 0
                    ? "no access package has an assignment policy"
                    : $"each of the {policies.Count} assignment policy(ies) can be used",
                evidence
            );
        }

        private static string? ProblemOf(AssignmentPolicy policy)
        {
            if (policy.AccessPackageId is null)
                return "belongs to no access package that still exists";
            if (!policy.TakesRequests)
                return null;
            if (policy.NamesItsRequestors && policy.SpecificAllowedTargetCount == 0)
                return $"lets only named users ask ({policy.AllowedTargetScope}) but names none";
            if (policy.SelfRequestsAccepted == false && policy.OnBehalfRequestsAccepted != true)
                return "does not accept requests (enableTargetsToSelfAddAccess is off)";
            if (policy.ApprovalRequired != true)
                return null;
            if (policy.ApprovalStages.Count == 0)
                return "requires approval but has no approval stage";
            var empty = policy
                .ApprovalStages.Select((stage, i) => (stage, i))
                .FirstOrDefault(s => !s.stage.Approvers.Any());
            return empty.stage is null ? null : $"requires approval but stage {empty.i + 1} names no approver";
        }
    }
}
