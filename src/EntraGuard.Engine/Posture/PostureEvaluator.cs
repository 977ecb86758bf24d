using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EntraGuard.Posture
{
    /// <summary>What a posture run produced: one result per check, and warnings about the settings worth
    /// reading.</summary>
    public sealed class PostureReport
    {
        public string? TenantId { get; init; }
        public DateTimeOffset EvaluatedAt { get; init; }
        public IReadOnlyList<PostureCheckResult> Results { get; init; } = Array.Empty<PostureCheckResult>();

        /// <summary>Expired or unused accepted deviations and the like: nothing wrong with the tenant, something to
        /// tidy in the settings.</summary>
        public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

        /// <summary>The comparison with a baseline, once <see cref="PostureBaseline.Compare"/> has run.</summary>
        public PostureBaselineSummary? Baseline { get; internal set; }

        public bool HasFailures => Results.Any(result => result.IsFailure);

        /// <summary>True when a failed result is at or above the severity.</summary>
        public bool HasFailuresAtOrAbove(Severity severity) => Results.Any(r => r.IsFailure && r.Severity >= severity);
    }

    /// <summary>Runs checks over a snapshot and applies the accepted deviations. Pure: no I/O, the clock is a
    /// parameter.</summary>
    public static class PostureEvaluator
    {
        private const int DetailsInReason = 3;

        public static PostureReport Evaluate(
            TenantSnapshot snapshot,
            PostureSettings settings,
            IReadOnlyList<PostureCheck> checks,
            DateTimeOffset now
        )
        {
            var context = new PostureContext(snapshot, settings, now);
            var warnings = settings
                .UnresolvedBreakGlassAccounts.Select(account =>
                    $"break-glass account {account} (posture.breakGlassAccounts) did not resolve to an object id "
                    + $"({account.Problem ?? "it was not looked up"}); no check treats anyone as break-glass on its "
                    + "account"
                )
                .ToList();
            var used = new HashSet<AcceptedDeviation>();
            var evaluated = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var results = new List<PostureCheckResult>();
            foreach (var check in checks)
            {
                var outcome = Judge(check, context);
                if (outcome.Status is PostureStatus.Passed or PostureStatus.Failed)
                    evaluated.Add(check.Id);
                results.Add(Apply(check, outcome, settings, now, used, warnings));
            }

            foreach (
                var deviation in settings.AcceptedDeviations.Where(d =>
                    evaluated.Contains(d.CheckId) && d.IsActiveAt(now) && !used.Contains(d)
                )
            )
            {
                warnings.Add(
                    $"accepted deviation "
                        + $"{deviation.CheckId}{(deviation.Target is null ? "" : $" / {deviation.Target}")} "
                        + "matched no finding: the deviation it accepted is gone, so the entry can be removed"
                );
            }
            return new PostureReport
            {
                TenantId = snapshot.TenantId,
                EvaluatedAt = now,
                Results = results,
                Warnings = warnings,
            };
        }

        private static CheckOutcome Judge(PostureCheck check, PostureContext context)
        {
            var licences = context.Licences;
            if (!licences.Satisfies(check.Licence))
            {
                return CheckOutcome.NotApplicable(
                    check.LicenceReason,
                    new[] { $"{context.Snapshot.SourceOf(PostureData.SubscribedSkus)}: licences {licences}" }
                );
            }
            CheckOutcome outcome;
            try
            {
                outcome = check.Evaluate(context);
            }
            catch (MissingPostureDataException missing)
            {
                return CheckOutcome.Skip($"skipped: {missing.Message}", Array.Empty<string>());
            }
            // Unknown licences let a licensed check run, since what it finds configured proves the feature is there;
            // a failure may only mean the feature is not licensed, so it is not reported as one.
            if (outcome.Status == PostureStatus.Failed && !licences.IsKnown && check.Licence != PostureLicence.None)
            {
                var wouldFail = string.Join("; ", outcome.Findings.Select(f => f.Detail));
                return CheckOutcome.Skip(
                    $"skipped: the tenant's licences are unknown (could not read "
                        + $"{context.Snapshot.SourceOf(PostureData.SubscribedSkus)}: "
                        + $"{context.ProblemWith(PostureData.SubscribedSkus)}) and the check needs "
                        + $"{LicenceName(check.Licence)}, so its failure may only mean the feature is not licensed",
                    outcome.Evidence.Append($"would fail: {outcome.Reason}: {wouldFail}")
                );
            }
            return outcome;
        }

        internal static string LicenceName(PostureLicence licence) =>
            licence switch
            {
                PostureLicence.EntraIdP1 => "Microsoft Entra ID P1",
                PostureLicence.EntraIdP2 => "Microsoft Entra ID P2",
                PostureLicence.Pim => "Microsoft Entra ID P2 or Governance (PIM)",
                PostureLicence.WorkloadId => "Microsoft Entra Workload ID Premium",
                _ => "no licence",
            };

        private static PostureCheckResult Apply(
            PostureCheck check,
            CheckOutcome outcome,
            PostureSettings settings,
            DateTimeOffset now,
            HashSet<AcceptedDeviation> used,
            List<string> warnings
        )
        {
            var status = outcome.Status;
            var reason = outcome.Reason;
            if (status == PostureStatus.Failed)
            {
                var deviations = settings
                    .AcceptedDeviations.Where(d =>
                        string.Equals(d.CheckId, check.Id, StringComparison.OrdinalIgnoreCase)
                    )
                    .ToArray();
                var expiredNotes = new List<string>();
                foreach (var finding in outcome.Findings)
                {
                    finding.AcceptedDeviation = deviations.FirstOrDefault(d => d.IsActiveAt(now) && d.Covers(finding));
                    if (finding.AcceptedDeviation is { } applied)
                        used.Add(applied);
                    else if (deviations.FirstOrDefault(d => d.Covers(finding)) is { } expired)
                    {
                        var note =
                            $"the deviation accepted for {expired.Target ?? "the whole check"} expired on "
                            + $"{Day(expired.Expires)}";
                        if (!expiredNotes.Contains(note))
                        {
                            expiredNotes.Add(note);
                            warnings.Add(
                                $"accepted deviation "
                                    + $"{expired.CheckId}{(expired.Target is null ? "" : $" / {expired.Target}")} "
                                    + $"expired on {Day(expired.Expires)} and no longer applies"
                            );
                        }
                    }
                }

                var open = outcome.Findings.Where(f => f.AcceptedDeviation is null).ToArray();
                var accepted = outcome.Findings.Where(f => f.AcceptedDeviation is not null).ToArray();
                if (open.Length == 0)
                {
                    status = PostureStatus.Passed;
                    reason =
                        $"passed with {accepted.Length} accepted deviation(s): "
                        + string.Join(
                            "; ",
                            accepted
                                .Select(f => f.AcceptedDeviation!)
                                .Distinct()
                                .Select(d => $"{d.Justification} (until {Day(d.Expires)})")
                        );
                }
                else
                {
                    reason =
                        $"{outcome.Reason}: {string.Join("; ", open.Take(DetailsInReason).Select(f => f.Detail))}"
                        + (open.Length > DetailsInReason ? $"; and {open.Length - DetailsInReason} more" : "")
                        + (accepted.Length > 0 ? $" ({accepted.Length} more accepted as deviations)" : "")
                        + (expiredNotes.Count > 0 ? $" ({string.Join("; ", expiredNotes)})" : "");
                }
            }

            return new PostureCheckResult
            {
                CheckId = check.Id,
                Title = check.Title,
                Severity = settings.SeverityOf(check),
                Category = check.Category,
                Result = status,
                Reason = reason,
                Evidence = outcome.Evidence,
                Remediation = check.Remediation,
                Findings = outcome.Findings,
            };
        }

        private static string Day(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
