using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EntraGuard.Ingest;
using EntraGuard.Memory;

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

        /// <summary>
        /// From Graph: how far before the window the actor's sign-ins and audit events are read, to tell a new address
        /// or a first-time activity from a usual one (files are read whole). Four days, so that history, a 24-hour
        /// window on each side and findings up to a day apart fit one seven-day slice: one request chain per log.
        /// </summary>
        public TimeSpan History { get; init; } = TimeSpan.FromDays(4);

        /// <summary>
        /// The end of what is read (null: the clock's present). A new credential's use is read from its add up to
        /// here, not only inside the window: a persistence key is often first used days later.
        /// </summary>
        public DateTimeOffset? Now { get; init; }

        /// <summary>A credential valid for longer than this is flagged long-lived (as posture's secret lifetime
        /// check, 180 days by default).</summary>
        public TimeSpan MaxCredentialLifetime { get; init; } = TimeSpan.FromDays(180);
    }

    /// <summary>What an investigation read: one statistics object per log, so that nothing set aside goes
    /// unsaid.</summary>
    public sealed class InvestigationReads
    {
        public ReadStatistics SignIns { get; } = new();
        public ReadStatistics AuditEvents { get; } = new();
    }

    /// <summary>
    /// Investigates risk events: from files one pass over each file, yielding both logs; from Graph one pass over the
    /// sign-ins and one over the audit events the plan's grouped queries return. Only what the risk events ask about
    /// is kept (their key ids, actors, targets and windows), so memory grows with the risk events and their actors,
    /// not with the data.
    /// </summary>
    public static class InvestigationSession
    {
        /// <summary>Investigates from sign-in and audit files or folders.</summary>
        public static IReadOnlyList<RiskEventContext> Investigate(
            IReadOnlyList<RiskEvent> riskEvents,
            IReadOnlyList<string> paths,
            InvestigationOptions? options = null,
            InvestigationReads? reads = null,
            CancellationToken cancellationToken = default
        ) =>
            Investigate(
                riskEvents,
                new FileInvestigationSource(paths, (options ?? new InvestigationOptions()).ReadOptions),
                options,
                reads,
                cancellationToken
            );

        public static IReadOnlyList<RiskEventContext> Investigate(
            IReadOnlyList<RiskEvent> riskEvents,
            IInvestigationSource source,
            InvestigationOptions? options = null,
            InvestigationReads? reads = null,
            CancellationToken cancellationToken = default
        )
        {
            options ??= new InvestigationOptions();
            reads ??= new InvestigationReads();
            var ids = new TextNumbering();
            var cases = riskEvents.Select(r => new CaseFacts(r, options, ids)).ToList();
            if (options.MaxRelatedEventIds < 0)
                throw new ArgumentOutOfRangeException(
                    nameof(options),
                    options.MaxRelatedEventIds,
                    "The most related event ids a context lists cannot be negative."
                );
            if (options.History < TimeSpan.Zero)
                throw new ArgumentOutOfRangeException(
                    nameof(options),
                    options.History,
                    "The history read before the window cannot be negative."
                );
            if (cases.Count == 0)
                return Array.Empty<RiskEventContext>();

            var plan = InvestigationPlan.For(cases, options, options.Now ?? DateTimeOffset.UtcNow);
            var index = new CaseIndex(cases);
            foreach (var record in source.ReadLogs(plan, reads, cancellationToken))
            {
                if (record is SignInEvent signIn)
                    index.Observe(signIn);
                else
                    index.Observe((AuditEvent)record);
            }
            if (source.AnswersPlan)
            {
                foreach (var query in plan.SignInQueries)
                    index.Coverage.Add(users: query.User != null, query.Since, query.Until);
            }
            var reach = plan.ReachSubjects.ToDictionary(s => s, s => source.ReadReach(s, cancellationToken));
            return cases
                .Select(c =>
                    c.ToContext(
                        index.Coverage,
                        options.MaxRelatedEventIds,
                        InvestigationPlan.ReachOf(c.RiskEvent) is { } subject ? reach[subject] : null
                    )
                )
                .ToList();
        }
    }
}
