using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using EntraGuard.Response.Planning;

namespace EntraGuard.Response
{
    /// <summary>Tuning for <see cref="ResponseEngine"/>; the defaults suit Graph.</summary>
    public sealed class ResponseEngineOptions
    {
        /// <summary>How often a request throttled inside a batch is sent again on its own.</summary>
        public int MaxThrottleRetries { get; init; } = 3;

        /// <summary>
        /// How often a change is read back before it counts as not taken effect: directory reads can trail a write
        /// by a moment (advanced queries more so), so a mismatch is read again after 1 s, then 2 s…
        /// </summary>
        public int VerificationAttempts { get; init; } = 3;

        /// <summary>Waits between retries (tests use virtual time).</summary>
        public IWaitClock WaitClock { get; init; } = SystemWaitClock.Instance;

        /// <summary>How the host spells the switch that overrides the self-lockout guard, for refusals.</summary>
        public string ForceSwitch { get; init; } = "-Force";

        /// <summary>The local account and machine, journaled as the operator.</summary>
        public string Operator { get; init; } = $"{Environment.UserName}@{Environment.MachineName}";

        /// <summary>The journal's timestamps.</summary>
        public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// Remediation, safe by construction. A dry run only plans (<see cref="PlanAsync"/>). A real run opens the journal
    /// first (<see cref="Open"/>, the writer's lock), plans from state read under that lock, lets the host confirm,
    /// and carries the plans out (<see cref="ResponseRun.ExecuteAsync"/>): each action journaled durably before its
    /// calls, the calls made in Graph JSON batches of at most <see cref="MaxBatchSize"/> (requests throttled inside
    /// a batch retried on their own), every change read back, and each outcome journaled. Every target gets its own
    /// outcome; one failure never stops the others.
    /// </summary>
    public sealed class ResponseEngine
    {
        /// <summary>Graph's JSON batching limit.</summary>
        public const int MaxBatchSize = 20;

        private readonly IDirectoryGateway _gateway;
        private GraphConnectionInfo? _connection;

        public ResponseEngine(IDirectoryGateway gateway, ResponseEngineOptions? options = null)
        {
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
            Options = options ?? new ResponseEngineOptions();
        }

        internal ResponseEngineOptions Options { get; }

        /// <summary>
        /// Reads what each request needs (batched across requests) and decides each plan. On its own this is the dry
        /// run (-WhatIf): to carry plans out, plan them through <see cref="ResponseRun.PlanAsync"/>, under the lock.
        /// </summary>
        /// <exception cref="InvalidResponseRequestException">A request lacks a key its action needs (validate each
        /// first to report per item).</exception>
        public async Task<IReadOnlyList<ResponsePlan>> PlanAsync(
            IReadOnlyList<ResponseRequest> requests,
            CancellationToken cancellationToken = default
        )
        {
            foreach (var request in requests)
                request.Validate();
            if (requests.Count == 0)
                return Array.Empty<ResponsePlan>();
            var context = new PlanningContext(
                await GetConnectionAsync(cancellationToken).ConfigureAwait(false),
                Options.ForceSwitch
            );
            var planners = requests.Select(r => CreatePlanner(r, context)).ToArray();

            var running = planners.Select(p => p.Run().GetEnumerator()).ToList();
            try
            {
                while (running.Count > 0)
                {
                    var round = new List<DirectoryOperation>();
                    foreach (var planner in running.ToArray())
                    {
                        if (planner.MoveNext())
                            round.AddRange(planner.Current);
                        else
                            running.Remove(planner);
                    }
                    if (round.Count > 0)
                        await SendAsync(round, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                foreach (var planner in running)
                    planner.Dispose();
            }
            var plans = planners
                .Select(p =>
                    p.Plan ?? throw new InvalidOperationException($"The {p.GetType().Name} ended without a plan.")
                )
                .ToArray();

            // Two findings about one credential (or user, or group) plan the same calls: they are made once.
            var first = new Dictionary<string, ResponsePlan>(StringComparer.Ordinal);
            foreach (var plan in plans.Where(p => p.WillChange))
            {
                var calls = string.Join("\n", plan.Calls.Select(c => c.ToString()));
                if (first.TryGetValue(calls, out var earlier))
                    plan.SameChangeAs = earlier;
                else
                    first[calls] = plan;
            }
            return plans;
        }

        /// <summary>
        /// Plans from the requests alone, without signing in: each planner's first round of reads (what it needs
        /// from the tenant) and the change its action makes. For a dry run where no sign-in is set up; the self-lockout
        /// guard, what is already done and the exact calls need the tenant (<see cref="PlanAsync"/>).
        /// </summary>
        /// <exception cref="InvalidResponseRequestException">A request lacks a key its action needs.</exception>
        public static IReadOnlyList<OfflinePlan> PlanOffline(IReadOnlyList<ResponseRequest> requests)
        {
            foreach (var request in requests)
                request.Validate();
            // No identity is known, and the self-lockout guard that compares it (and names the override switch) runs
            // only after the first reads, which are all an offline plan takes.
            var context = new PlanningContext(new GraphConnectionInfo(), forceSwitch: "");
            return requests
                .Select(request =>
                {
                    using var planning = CreatePlanner(request, context).Run().GetEnumerator();
                    var reads = planning.MoveNext() ? planning.Current : Array.Empty<DirectoryOperation>();
                    return new OfflinePlan(request, reads);
                })
                .ToArray();
        }

        /// <summary>
        /// Opens the journal for a run that makes changes, taking its writer lock (waiting up to
        /// <paramref name="lockWait"/> for another run). Everything the run plans is read under that lock.
        /// </summary>
        /// <exception cref="JournalLockedException">Another run still holds the journal after the wait.</exception>
        public ResponseRun Open(string journalPath, TimeSpan lockWait, CancellationToken cancellationToken = default) =>
            new(this, ResponseJournal.Open(journalPath, lockWait, cancellationToken));

        /// <summary>Lists each user's authentication methods (read-only; batched). Each operation carries its
        /// outcome.</summary>
        public async Task<IReadOnlyList<ListAuthenticationMethods>> ListAuthenticationMethodsAsync(
            IReadOnlyList<string> userIds,
            CancellationToken cancellationToken = default
        )
        {
            var reads = userIds.Select(u => new ListAuthenticationMethods(u)).ToArray();
            await SendAsync(reads, cancellationToken).ConfigureAwait(false);
            return reads;
        }

        internal async Task<GraphConnectionInfo> GetConnectionAsync(CancellationToken cancellationToken) =>
            _connection ??= await _gateway.GetConnectionAsync(cancellationToken).ConfigureAwait(false);

        private static Planner CreatePlanner(ResponseRequest request, PlanningContext context) =>
            request.Action switch
            {
                ResponseAction.RevokeCredential => new CredentialRevocationPlanner(request, context),
                ResponseAction.DisableServicePrincipal => new AccountStatePlanner(
                    request,
                    context,
                    DirectoryObjectType.ServicePrincipal,
                    enable: false
                ),
                ResponseAction.EnableServicePrincipal => new AccountStatePlanner(
                    request,
                    context,
                    DirectoryObjectType.ServicePrincipal,
                    enable: true
                ),
                ResponseAction.RevokeUserSession => new SessionRevocationPlanner(request, context),
                ResponseAction.DisableUser => new AccountStatePlanner(
                    request,
                    context,
                    DirectoryObjectType.User,
                    enable: false
                ),
                ResponseAction.EnableUser => new AccountStatePlanner(
                    request,
                    context,
                    DirectoryObjectType.User,
                    enable: true
                ),
                ResponseAction.RestoreGroupMember => new GroupMemberPlanner(request, context),
                ResponseAction.IssueTemporaryAccessPass => new TemporaryAccessPassPlanner(request, context),
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Action, "Unknown action."),
            };

        /// <summary>
        /// Sends operations in batches of at most <see cref="MaxBatchSize"/>; those throttled inside a batch are sent
        /// again, alone, after their Retry-After (or an exponential back-off), up to the configured number of times.
        /// </summary>
        internal async Task SendAsync(IReadOnlyList<DirectoryOperation> operations, CancellationToken cancellationToken)
        {
            var pending = operations;
            for (var attempt = 0; pending.Count > 0; attempt++)
            {
                var throttled = new List<DirectoryOperation>();
                for (var start = 0; start < pending.Count; start += MaxBatchSize)
                {
                    var batch = pending.Skip(start).Take(MaxBatchSize).ToArray();
                    IReadOnlyList<OperationOutcome> outcomes;
                    try
                    {
                        outcomes = await _gateway.SendAsync(batch, cancellationToken).ConfigureAwait(false);
                    }
                    catch (GraphRequestException ex)
                    {
                        outcomes = batch.Select(_ => OperationOutcome.Failure(ex)).ToArray();
                    }
                    if (outcomes.Count != batch.Length)
                    {
                        throw new InvalidOperationException(
                            $"The directory gateway answered {outcomes.Count} outcome(s) for {batch.Length} "
                                + $"operation(s)."
                        );
                    }
                    for (var i = 0; i < batch.Length; i++)
                    {
                        batch[i].Outcome = outcomes[i];
                        if (outcomes[i].Retryable)
                            throttled.Add(batch[i]);
                    }
                }
                if (throttled.Count == 0)
                    return;
                if (attempt >= Options.MaxThrottleRetries)
                {
                    foreach (var operation in throttled)
                    {
                        var error = operation.Outcome!.Error!;
                        operation.Outcome = OperationOutcome.Failure(
                            new GraphRequestException(
                                error.Kind,
                                $"{error.Message} Still refused after {attempt} retr{(attempt == 1 ? "y" : "ies")}.",
                                error.StatusCode,
                                error.ErrorCode,
                                error.RequestId
                            )
                        );
                    }
                    return;
                }
                var wait = throttled.Max(o => o.Outcome!.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, attempt)));
                await Options.WaitClock.Delay(wait, cancellationToken).ConfigureAwait(false);
                pending = throttled;
            }
        }
    }
}
