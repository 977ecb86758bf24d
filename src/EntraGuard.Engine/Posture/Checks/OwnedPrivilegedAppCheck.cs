using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Posture.Checks
{
    /// <summary>
    /// No app registration whose service principal holds a privileged grant has an owner: an owner adds a secret or a
    /// redirect URI to the registration and so takes whatever the application holds, without holding any role
    /// themselves. Judged on this tenant's registrations (an application registered in another tenant has its owners
    /// there); a registration whose owners Graph did not return is not judged and never passes.
    /// </summary>
    internal abstract class OwnedPrivilegedAppCheck : PostureCheck
    {
        protected OwnedPrivilegedAppCheck(
            string id,
            string title,
            PostureData grants,
            string rationale,
            string framework
        )
            : base(
                id,
                title,
                Severity.High,
                "Application permissions",
                grants | PostureData.ServicePrincipals | PostureData.Applications,
                PostureLicence.None,
                rationale,
                "Remove the owners of the registration (Entra admin center → App registrations → the app → Owners → "
                    + "Remove; DELETE /applications/{id}/owners/{owner id}/$ref) and let only the administrators who "
                    + "may grant what the app holds manage it. Where a team must manage the app, take the privileged "
                    + "grant away instead, or accept the deviation and say who owns it and why."
            )
        {
            Frameworks = new[] { framework };
        }

        /// <summary>The privileged grants, each as the holding service principal's object id and a phrase naming the
        /// grant ("Global Administrator", "RoleManagement.ReadWrite.Directory (application)").</summary>
        protected abstract IEnumerable<(string PrincipalId, string Grant)> PrivilegedGrants(PostureContext context);

        /// <summary>What the grants read say, for evidence.</summary>
        protected abstract string GrantEvidence(PostureContext context, int holders);

        /// <summary>The kind of grant, for the reasons ("privileged directory roles").</summary>
        protected abstract string GrantKind { get; }

        /// <summary>Why the grants read may not be all of them (null when they are): with nothing found, the check is
        /// then skipped rather than passed.</summary>
        protected virtual string? Incomplete(PostureContext context) => null;

        internal sealed override CheckOutcome Evaluate(PostureContext context)
        {
            var snapshot = context.Snapshot;
            var held = PrivilegedGrants(context)
                .GroupBy(g => g.PrincipalId, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(
                    g => g.Key,
                    g => g.Select(grant => grant.Grant).Distinct(StringComparer.Ordinal).ToArray(),
                    StringComparer.OrdinalIgnoreCase
                );
            var principals = context
                .Require(snapshot.ServicePrincipals, PostureData.ServicePrincipals)
                .ById(sp => sp.Id);
            var apps = context.Require(snapshot.Applications, PostureData.Applications).ById(app => app.AppId);

            var findings = new List<PostureFinding>();
            var elsewhere = new List<string>();
            var unjudged = new List<string>();
            foreach (var holding in held)
            {
                if (!principals.TryGetValue(holding.Key, out var principal))
                {
                    unjudged.Add($"service principal {holding.Key}: not found");
                    continue;
                }
                if (!apps.TryGetValue(principal.AppId, out var app))
                {
                    elsewhere.Add(principal.ToString());
                    continue;
                }
                if (app.Owners is null)
                {
                    unjudged.Add($"{app}: Graph did not return its owners");
                    continue;
                }
                if (app.Owners.Count == 0)
                    continue;
                findings.Add(
                    app.Finding(
                        $"{app} holds {string.Join(", ", holding.Value)} and has {app.Owners.Count} owner(s): "
                            + string.Join(", ", app.Owners)
                    )
                );
            }

            var evidence = new List<string>
            {
                GrantEvidence(context, held.Count),
                $"{snapshot.SourceOf(PostureData.Applications)}: {apps.Count} registration(s) in this tenant, with "
                    + $"their owners",
            };
            if (elsewhere.Count > 0)
                evidence.Add($"registered in another tenant (owners not here): {string.Join(", ", elsewhere)}");
            if (unjudged.Count > 0)
            {
                evidence.Add($"not judged: {string.Join("; ", unjudged)}");
                if (findings.Count == 0)
                    return CheckOutcome.Skip(
                        $"skipped: {unjudged.Count} application(s) holding {GrantKind} could not be judged",
                        evidence
                    );
            }
            if (findings.Count == 0 && Incomplete(context) is { } incomplete)
                return CheckOutcome.Skip($"skipped: {incomplete}", evidence);
            return CheckOutcome.FromFindings(
                findings,
                $"applications holding {GrantKind} have owners who can take them over",
                $"no app registration holding {GrantKind} has an owner",
                evidence
            );
        }
    }
}
