using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EntraGuard.Ingest;

namespace EntraGuard.Investigation
{
    /// <summary>How an investigation reads and how wide it looks around each risk event.</summary>
    public sealed class InvestigationOptions
    {
        /// <summary>How far before and after each risk event the actor's sign-ins and trail are read.</summary>
        public TimeSpan Window { get; init; } = TimeSpan.FromHours(24);

        public AuditReadOptions ReadOptions { get; init; } = new();

        /// <summary>
        /// How many related event ids a context lists at most: those nearest the risk event in time. The rest are
        /// counted in <see cref="RiskEventContext.RelatedEventIdsNotListed"/>, so a busy actor's day cannot swell
        /// every context (and every ticket pasted from it) without bound.
        /// </summary>
        public int MaxRelatedEventIds { get; init; } = 50;
    }

    /// <summary>What an investigation read: one statistics object per log, so that nothing set aside goes
    /// unsaid.</summary>
    public sealed class InvestigationReads
    {
        public ReadStatistics SignIns { get; } = new();
        public ReadStatistics AuditEvents { get; } = new();
    }

    /// <summary>
    /// Investigates risk events from files: one pass over the sign-ins and one over the audit events of the same
    /// paths, keeping only what the risk events ask about (their key ids, actors, targets and windows), so memory
    /// grows with the risk events and their actors, not with the files.
    /// </summary>
    public static class InvestigationSession
    {
        public static IReadOnlyList<RiskEventContext> Investigate(
            IReadOnlyList<RiskEvent> riskEvents,
            IReadOnlyList<string> paths,
            InvestigationOptions? options = null,
            InvestigationReads? reads = null,
            CancellationToken cancellationToken = default
        )
        {
            options ??= new InvestigationOptions();
            reads ??= new InvestigationReads();
            var cases = riskEvents.Select(r => new CaseFacts(r, options.Window)).ToList();
            if (options.MaxRelatedEventIds < 0)
                throw new ArgumentOutOfRangeException(
                    nameof(options),
                    options.MaxRelatedEventIds,
                    "The most related event ids a context lists cannot be negative."
                );
            if (cases.Count == 0)
                return Array.Empty<RiskEventContext>();

            var index = new CaseIndex(cases);
            foreach (
                var signIn in SignInEventReader.ReadPaths(paths, options.ReadOptions, reads.SignIns, cancellationToken)
            )
            {
                index.Observe(signIn);
            }
            foreach (
                var auditEvent in AuditEventReader.ReadPaths(
                    paths,
                    options.ReadOptions,
                    reads.AuditEvents,
                    cancellationToken
                )
            )
            {
                index.Observe(auditEvent);
            }
            return cases.Select(c => c.ToContext(index.Coverage, options.MaxRelatedEventIds)).ToList();
        }
    }
}
