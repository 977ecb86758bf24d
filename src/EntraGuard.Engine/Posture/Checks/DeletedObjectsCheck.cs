using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// Every user and group (and, for Conditional Access, role) a policy names still exists: one finding per id the
    /// directory lookup did not return, naming the policies and conditions that hold it. Skipped when the lookup
    /// could not be made.
    /// </summary>
    internal abstract class DeletedObjectsCheck : PostureCheck
    {
        protected DeletedObjectsCheck(
            string id,
            string title,
            string category,
            PostureData policies,
            PostureLicence licence,
            string rationale,
            string remediation,
            PostureData lookups = PostureData.DirectoryObjects
        )
            : base(
                id,
                title,
                Severity.Medium,
                category,
                policies | lookups | PostureData.SubscribedSkus,
                licence,
                rationale,
                remediation
            ) => Policies = policies;

        /// <summary>The part whose references the check judges.</summary>
        public PostureData Policies { get; }

        /// <summary>The references of that part (which <see cref="PostureContext.Require{T}"/> makes
        /// present).</summary>
        protected abstract IReadOnlyList<DirectoryReference> References(PostureContext context);

        /// <summary>What the references name, in words: "users or groups", "user or group", "user(s) and
        /// group(s)".</summary>
        protected virtual (string Plural, string One, string Counted) Kinds =>
            ("users or groups", "user or group", "user(s) and group(s)");

        /// <summary>The ids among the references that exist, with a line of evidence per lookup that says
        /// so.</summary>
        protected virtual ISet<string> Existing(PostureContext context, List<string> evidence)
        {
            var existing = context.Require(context.Snapshot.ExistingObjectIds, PostureData.DirectoryObjects);
            return new HashSet<string>(existing, System.StringComparer.OrdinalIgnoreCase);
        }

        internal override CheckOutcome Evaluate(PostureContext context)
        {
            var references = References(context);
            var lookups = new List<string>();
            var existingSet = Existing(context, lookups);
            var source = context.Snapshot.SourceOf(Policies);
            var findings = references
                .Where(r => !existingSet.Contains(r.Id))
                .GroupBy(r => r.Id, System.StringComparer.OrdinalIgnoreCase)
                .Select(missing => new PostureFinding
                {
                    TargetId = missing.Key,
                    TargetType = missing.First().Kind,
                    Detail =
                        $"{missing.First().Kind} {missing.Key} no longer exists but is still named by "
                        + string.Join(", ", missing.Select(r => $"{r.Policy} ({r.Condition})").Distinct()),
                })
                .ToList();
            var distinct = references.Select(r => r.Id).Distinct(System.StringComparer.OrdinalIgnoreCase).Count();
            var evidence = new List<string>
            {
                $"{source}: {distinct} {Kinds.One} id(s) named",
                $"{context.Snapshot.SourceOf(PostureData.DirectoryObjects)}: {distinct - findings.Count} of them "
                    + "found",
            };
            evidence.AddRange(lookups);
            return CheckOutcome.FromFindings(
                findings,
                $"policies name {Kinds.Plural} that no longer exist",
                distinct == 0
                    ? $"no policy names a {Kinds.One} by id"
                    : $"every one of the {distinct} {Kinds.Counted} named exists",
                evidence
            );
        }
    }
}
