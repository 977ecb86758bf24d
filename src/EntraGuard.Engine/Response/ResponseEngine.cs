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

        /// <summary>Waits between retries (tests use virtual time).</summary>
        public IWaitClock WaitClock { get; init; } = SystemWaitClock.Instance;

        /// <summary>The local account and machine, journaled as the operator.</summary>
        public string Operator { get; init; } = $"{Environment.UserName}@{Environment.MachineName}";

        /// <summary>The journal's timestamps.</summary>
        public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// Remediation, safe by construction: requests become plans from the state read first (<see cref="PlanAsync"/>),
    /// the host shows or confirms them, and <see cref="ExecuteAsync"/> journals each action durably before its
    /// calls, makes the calls in Graph JSON batches of at most <see cref="MaxBatchSize"/>, retries requests throttled
    /// inside a batch on their own, and journals each outcome. Every target gets its own outcome; one failure never
    /// stops the others.
    /// </summary>
    public sealed class ResponseEngine
    {
        /// <summary>Graph's JSON batching limit.</summary>
        public const int MaxBatchSize = 20;

        private readonly IDirectoryGateway _gateway;
        private readonly ResponseEngineOptions _options;
        private GraphConnectionInfo? _connection;

        public ResponseEngine(IDirectoryGateway gateway, ResponseEngineOptions? options = null)
        {
            _gateway = gateway ?? throw new ArgumentNullException(nameof(gateway));
            _options = options ?? new ResponseEngineOptions();
        }

        /// <summary>Reads what each request needs (batched across requests) and decides each plan.</summary>
        /// <exception cref="InvalidResponseRequestException">A request lacks a key its action needs (validate each first to report per item).</exception>
        public async Task<IReadOnlyList<ResponsePlan>> PlanAsync(IReadOnlyList<ResponseRequest> requests, CancellationToken cancellationToken = default)
        {
            foreach (var request in requests) request.Validate();
            if (requests.Count == 0) return Array.Empty<ResponsePlan>();
            var context = new PlanningContext(await GetConnectionAsync(cancellationToken).ConfigureAwait(false));
            var planners = requests.Select(r => CreatePlanner(r, context)).ToArray();

            var running = planners.Select(p => p.Run().GetEnumerator()).ToList();
            try
            {
                while (running.Count > 0)
                {
                    var round = new List<DirectoryOperation>();
                    foreach (var planner in running.ToArray())
                    {
                        if (planner.MoveNext()) round.AddRange(planner.Current);
                        else running.Remove(planner);
                    }
                    if (round.Count > 0) await SendAsync(round, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                foreach (var planner in running) planner.Dispose();
            }
            var plans = planners.Select(p => p.Plan ?? throw new InvalidOperationException($"The {p.GetType().Name} ended without a plan.")).ToArray();

            // Two findings about one credential (or user, or group) plan the same calls: they are made once.
            var first = new Dictionary<string, ResponsePlan>(StringComparer.Ordinal);
            foreach (var plan in plans.Where(p => p.WillChange))
            {
                var calls = string.Join("\n", plan.Calls.Select(c => c.ToString()));
                if (first.TryGetValue(calls, out var earlier)) plan.SameChangeAs = earlier;
                else first[calls] = plan;
            }
            return plans;
        }

        /// <summary>
        /// Carries out plans: those with a decision are journaled as such; the others are journaled as started, their
        /// calls made in batches, and their outcomes journaled. Results come back in the order of the plans.
        /// </summary>
        public async Task<IReadOnlyList<ActionResult>> ExecuteAsync(IReadOnlyList<ResponsePlan> plans, ResponseJournal journal, CancellationToken cancellationToken = default)
        {
            var connection = await GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            var results = new ActionResult?[plans.Count];
            var records = plans.Select(p => NewRecord(p, connection)).ToArray();

            for (var i = 0; i < plans.Count; i++)
            {
                if (plans[i].WillChange) continue;
                var record = Completed(records[i], plans[i].Decision!.Value, plans[i].Reason ?? "", plans[i].Error);
                journal.WriteCompleted(record, started: false);
                results[i] = Result(plans[i], record, plans[i].Error, null);
            }

            var index = plans.Select((plan, i) => (plan, i)).ToDictionary(p => p.plan, p => p.i);
            var duplicates = new List<(int Index, int Original)>();
            var executing = new List<int>();
            for (var i = 0; i < plans.Count; i++)
            {
                if (!plans[i].WillChange) continue;
                if (plans[i].SameChangeAs is { } earlier && index.TryGetValue(earlier, out var original)) duplicates.Add((i, original));
                else executing.Add(i);
            }

            // Whole plans per batch, so that "started" is journaled just before a plan's calls leave, not earlier.
            foreach (var chunk in ChunkPlans(plans, executing))
            {
                foreach (var i in chunk) journal.WriteStarted(records[i]);
                await SendAsync(chunk.SelectMany(i => plans[i].Calls).ToArray(), cancellationToken).ConfigureAwait(false);
                foreach (var i in chunk)
                {
                    var (status, detail, error, pass) = Interpret(plans[i]);
                    var record = Completed(records[i], status, detail, error);
                    journal.WriteCompleted(record, started: true);
                    results[i] = Result(plans[i], record, error, pass);
                }
            }

            foreach (var (i, original) in duplicates)
            {
                var first = results[original]!;
                var status = first.Status == ActionStatus.Done ? ActionStatus.AlreadyDone : first.Status;
                var record = Completed(records[i] with { Calls = Array.Empty<string>() }, status, $"The same change as journal record {first.JournalId} of this run: {first.Detail}", first.Error);
                journal.WriteCompleted(record, started: false);
                results[i] = Result(plans[i], record, first.Error, null);
            }
            return results!;
        }

        /// <summary>Lists each user's authentication methods (read-only; batched). Each operation carries its outcome.</summary>
        public async Task<IReadOnlyList<ListAuthenticationMethods>> ListAuthenticationMethodsAsync(IReadOnlyList<string> userIds, CancellationToken cancellationToken = default)
        {
            var reads = userIds.Select(u => new ListAuthenticationMethods(u)).ToArray();
            await SendAsync(reads, cancellationToken).ConfigureAwait(false);
            return reads;
        }

        private async Task<GraphConnectionInfo> GetConnectionAsync(CancellationToken cancellationToken) =>
            _connection ??= await _gateway.GetConnectionAsync(cancellationToken).ConfigureAwait(false);

        private static Planner CreatePlanner(ResponseRequest request, PlanningContext context) => request.Action switch
        {
            ResponseAction.RevokeCredential => new CredentialRevocationPlanner(request, context),
            ResponseAction.DisableServicePrincipal => new AccountStatePlanner(request, context, DirectoryObjectType.ServicePrincipal, enable: false),
            ResponseAction.EnableServicePrincipal => new AccountStatePlanner(request, context, DirectoryObjectType.ServicePrincipal, enable: true),
            ResponseAction.RevokeUserSession => new SessionRevocationPlanner(request, context),
            ResponseAction.DisableUser => new AccountStatePlanner(request, context, DirectoryObjectType.User, enable: false),
            ResponseAction.EnableUser => new AccountStatePlanner(request, context, DirectoryObjectType.User, enable: true),
            ResponseAction.RestoreGroupMember => new GroupMemberPlanner(request, context),
            ResponseAction.IssueTemporaryAccessPass => new TemporaryAccessPassPlanner(request, context),
            _ => throw new ArgumentOutOfRangeException(nameof(request), request.Action, "Unknown action."),
        };

        /// <summary>
        /// Sends operations in batches of at most <see cref="MaxBatchSize"/>; those throttled inside a batch are sent
        /// again, alone, after their Retry-After (or an exponential back-off), up to the configured number of times.
        /// </summary>
        private async Task SendAsync(IReadOnlyList<DirectoryOperation> operations, CancellationToken cancellationToken)
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
                        throw new InvalidOperationException($"The directory gateway answered {outcomes.Count} outcome(s) for {batch.Length} operation(s).");
                    }
                    for (var i = 0; i < batch.Length; i++)
                    {
                        batch[i].Outcome = outcomes[i];
                        if (outcomes[i].Retryable) throttled.Add(batch[i]);
                    }
                }
                if (throttled.Count == 0) return;
                if (attempt >= _options.MaxThrottleRetries)
                {
                    foreach (var operation in throttled)
                    {
                        var error = operation.Outcome!.Error!;
                        operation.Outcome = OperationOutcome.Failure(new GraphRequestException(error.Kind,
                            $"{error.Message} Still refused after {attempt} retr{(attempt == 1 ? "y" : "ies")}.", error.StatusCode, error.ErrorCode, error.RequestId));
                    }
                    return;
                }
                var wait = throttled.Max(o => o.Outcome!.RetryAfter ?? TimeSpan.FromSeconds(Math.Pow(2, attempt)));
                await _options.WaitClock.Delay(wait, cancellationToken).ConfigureAwait(false);
                pending = throttled;
            }
        }

        /// <summary>Groups the plans to execute, whole, into batches of at most <see cref="MaxBatchSize"/> calls.</summary>
        private static IEnumerable<int[]> ChunkPlans(IReadOnlyList<ResponsePlan> plans, IEnumerable<int> executing)
        {
            var chunk = new List<int>();
            var calls = 0;
            foreach (var i in executing)
            {
                if (chunk.Count > 0 && calls + plans[i].Calls.Count > MaxBatchSize)
                {
                    yield return chunk.ToArray();
                    chunk.Clear();
                    calls = 0;
                }
                chunk.Add(i);
                calls += plans[i].Calls.Count;
            }
            if (chunk.Count > 0) yield return chunk.ToArray();
        }

        private static (ActionStatus Status, string Detail, GraphRequestException? Error, IssuedTemporaryAccessPass? Pass) Interpret(ResponsePlan plan)
        {
            if (plan.Calls.OfType<AddGroupMember>().FirstOrDefault(a => a.AnsweredAlreadyMember) is { } add)
            {
                return (ActionStatus.AlreadyDone, $"{add.MemberId} is already a member of {plan.Target} (Graph said so when adding).", null, null);
            }
            var failed = plan.Calls.Where(c => !c.Succeeded).ToArray();
            if (failed.Length == 0)
            {
                var pass = plan.Calls.OfType<CreateTemporaryAccessPass>().FirstOrDefault()?.Result;
                return (ActionStatus.Done, pass is null ? plan.Summary : $"{plan.Summary}: issued {pass}", null, pass);
            }
            var error = failed[0].Outcome!.Error!;
            var done = plan.Calls.Where(c => c.Succeeded).Select(c => c.Description).ToArray();
            var detail = done.Length == 0
                ? error.Message
                : $"Partly done: {string.Join("; ", done)} succeeded, but {failed[0].Description} failed: {error.Message}";
            return (ActionStatus.Failed, detail, error, null);
        }

        private JournalRecord NewRecord(ResponsePlan plan, GraphConnectionInfo connection) => new()
        {
            JournalId = Guid.NewGuid().ToString(),
            Time = _options.Clock(),
            Status = ActionStatus.Pending,
            Action = plan.Action,
            TenantId = connection.TenantId,
            ConnectedAs = new ConnectedIdentity(connection).Name,
            Operator = _options.Operator,
            TargetType = DirectoryObjectTypes.NameOf(plan.TargetType),
            TargetId = plan.TargetId,
            TargetName = plan.TargetName,
            Calls = plan.Calls.Select(c => c.ToString()).ToArray(),
            PriorState = plan.PriorState,
            CorrelationId = plan.CorrelationId,
            RiskEventId = plan.Request.RiskEventId,
        };

        private JournalRecord Completed(JournalRecord record, ActionStatus status, string detail, GraphRequestException? error) => record with
        {
            CompletedTime = _options.Clock(),
            Status = status,
            Detail = detail,
            ErrorKind = error?.Kind.ToString(),
        };

        private static ActionResult Result(ResponsePlan plan, JournalRecord record, GraphRequestException? error, IssuedTemporaryAccessPass? pass) => new()
        {
            Action = plan.Action,
            Target = plan.Target,
            TargetType = plan.TargetType,
            TargetId = plan.TargetId,
            Status = record.Status,
            Detail = record.Detail ?? "",
            JournalId = record.JournalId,
            Error = error,
            TemporaryAccessPass = pass,
            RiskEventId = plan.Request.RiskEventId,
            Plan = plan,
        };
    }
}
