using System.Collections.Generic;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// A check about directory synchronization: not applicable to a tenant that does not synchronize from on premises
    /// (the organization's <c>onPremisesSyncEnabled</c>, which Graph answers null for a tenant that never did), else
    /// judged by <see cref="EvaluateSynchronized"/> with that flag already in the evidence.
    /// </summary>
    internal abstract class SynchronizedTenantCheck : PostureCheck
    {
        protected SynchronizedTenantCheck(
            string id,
            string title,
            Severity severity,
            PostureData needs,
            string rationale,
            string remediation,
            PostureLicence licence = PostureLicence.None,
            string category = "Directory synchronization"
        )
            : base(id, title, severity, category, PostureData.Organization | needs, licence, rationale, remediation) { }

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            context.Require(snapshot.TenantId, PostureData.Organization);
            var evidence = new List<string>
            {
                $"{snapshot.SourceOf(PostureData.Organization)}: onPremisesSyncEnabled = "
                    + (SettingCheck.Text(snapshot.OnPremisesSyncEnabled) ?? "null"),
            };
            if (snapshot.OnPremisesSyncEnabled != true)
            {
                return CheckOutcome.NotApplicable(
                    "not applicable: the tenant does not synchronize from on premises",
                    evidence
                );
            }
            return EvaluateSynchronized(context, evidence);
        }

        /// <summary>Judges a tenant that synchronizes; <paramref name="evidence"/> holds the organization's
        /// flag.</summary>
        protected abstract CheckOutcome EvaluateSynchronized(PostureContext context, List<string> evidence);
    }
}
