using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;

namespace EntraGuard.Response
{
    /// <summary>
    /// A run that changes the directory. It holds the journal's writer lock from <see cref="ResponseEngine.Open"/> to
    /// <see cref="Dispose"/>, so what it plans is read under the lock: a second run waits, then plans from the state
    /// the first one left (and finds its changes already done). Carrying plans out builds certificate writes again
    /// from a read made right before them, one write per object; reads every change back before journaling it Done;
    /// and settles the records an earlier, stopped run left pending.
    /// </summary>
    public sealed class ResponseRun : IDisposable
    {
        private readonly ResponseEngine _engine;
        private readonly ResponseJournal _journal;
        private readonly HashSet<ResponsePlan> _planned = new();
        private readonly List<JournalRecord> _pending;

        internal ResponseRun(ResponseEngine engine, ResponseJournal journal)
        {
            _engine = engine;
            _journal = journal;
            _pending = ReadPending(journal.Path);
        }

        public string JournalPath => _journal.Path;

        /// <summary>Plans the requests from state read now, under the lock (see <see
        /// cref="ResponseEngine.PlanAsync"/>).</summary>
        public async Task<IReadOnlyList<ResponsePlan>> PlanAsync(
            IReadOnlyList<ResponseRequest> requests,
            CancellationToken cancellationToken = default
        )
        {
            var plans = await _engine.PlanAsync(requests, cancellationToken).ConfigureAwait(false);
            foreach (var plan in plans)
                _planned.Add(plan);
            return plans;
        }

        /// <summary>
        /// Carries out plans this run made: those with a decision are journaled as such; the others are journaled as
        /// started, their calls made in batches, read back, and their outcomes journaled. Results come back in the
        /// order of the plans.
        /// </summary>
        /// <exception cref="ArgumentException">A plan was not made by this run, under its lock.</exception>
        public async Task<IReadOnlyList<ActionResult>> ExecuteAsync(
            IReadOnlyList<ResponsePlan> plans,
            CancellationToken cancellationToken = default
        )
        {
            if (plans.FirstOrDefault(p => !_planned.Contains(p)) is { } stranger)
            {
                throw new ArgumentException(
                    $"The plan '{stranger.Summary}' was not made by this run: only plans made under the journal's "
                        + $"lock are "
                        + "carried out, since an earlier plan may rest on a state another run has changed since.",
                    nameof(plans)
                );
            }
            var connection = await _engine.GetConnectionAsync(cancellationToken).ConfigureAwait(false);
            var results = new ActionResult?[plans.Count];

            for (var i = 0; i < plans.Count; i++)
            {
                if (plans[i].WillChange)
                    continue;
                results[i] = Finish(
                    plans[i],
                    NewRecord(plans[i], connection),
                    new Decision(plans[i].Decision!.Value, plans[i].Reason ?? "", plans[i].Error),
                    started: false
                );
            }

            var index = plans.Select((plan, i) => (plan, i)).ToDictionary(p => p.plan, p => p.i);
            var duplicates = new List<(int Index, int Original)>();
            var executing = new List<int>();
            for (var i = 0; i < plans.Count; i++)
            {
                if (!plans[i].WillChange)
                    continue;
                if (plans[i].SameChangeAs is { } earlier && index.TryGetValue(earlier, out var original))
                    duplicates.Add((i, original));
                else
                    executing.Add(i);
            }

            foreach (var chunk in Chunks(plans, executing))
            {
                var late = await RebuildCertificateWritesAsync(plans, chunk, cancellationToken).ConfigureAwait(false);
                var running = new List<(int Index, JournalRecord Record)>();
                foreach (var i in chunk)
                {
                    if (late.TryGetValue(i, out var decision))
                    {
                        results[i] = Finish(plans[i], NewRecord(plans[i], connection), decision, started: false);
                        continue;
                    }
                    // Journaled as started just before its calls leave, with the calls as they will be sent.
                    var record = NewRecord(plans[i], connection);
                    _journal.WriteStarted(record);
                    running.Add((i, record));
                }
                var calls = running.SelectMany(r => plans[r.Index].Calls).Distinct().ToArray();
                await _engine.SendAsync(calls, cancellationToken).ConfigureAwait(false);
                var contradictions = await VerifyAsync(calls, cancellationToken).ConfigureAwait(false);
                foreach (var (i, record) in running)
                    results[i] = Finish(plans[i], record, Interpret(plans[i], contradictions), started: true);
            }

            foreach (var (i, original) in duplicates)
            {
                var first = results[original]!;
                var status = first.Status == ActionStatus.Done ? ActionStatus.AlreadyDone : first.Status;
                var record = NewRecord(plans[i], connection) with { Calls = Array.Empty<string>() };
                results[i] = Finish(
                    plans[i],
                    record,
                    new Decision(
                        status,
                        $"The same change as journal record {first.JournalId} of this run: {first.Detail}",
                        first.Error
                    ),
                    started: false
                );
            }
            return results!;
        }

        public void Dispose() => _journal.Dispose();

        // ---- certificates: one fresh write per object
        // ----------------------------------------------------------------

        /// <summary>
        /// Builds the chunk's certificate writes again from the certificates read now, under the lock and right before
        /// the write: one write per object, removing every certificate the plans remove from it. (Writes built from one
        /// earlier read would each put back the certificate the other removed.) Returns the plans that can no longer
        /// go ahead, with why.
        /// </summary>
        private async Task<Dictionary<int, Decision>> RebuildCertificateWritesAsync(
            IReadOnlyList<ResponsePlan> plans,
            IReadOnlyList<int> chunk,
            CancellationToken cancellationToken
        )
        {
            var decisions = new Dictionary<int, Decision>();
            var byObject = chunk
                .SelectMany(i => plans[i].Calls.OfType<ReplaceKeyCredentials>().Select(call => (Index: i, Call: call)))
                .GroupBy(p => ObjectKey(p.Call))
                .ToArray();
            if (byObject.Length == 0)
                return decisions;

            var reads = byObject
                .Select(group => new GetKeyCredentials(group.First().Call.Type, group.First().Call.Id)
                {
                    CorrelationId = group.First().Call.CorrelationId,
                })
                .ToArray();
            await _engine.SendAsync(reads, cancellationToken).ConfigureAwait(false);

            for (var n = 0; n < byObject.Length; n++)
            {
                var planned = byObject[n].First().Call;
                var holder = $"{DirectoryObjectTypes.Describe(planned.Type)} {planned.Id}";
                var (rebuilt, refusal) = Rebuild(
                    planned,
                    byObject[n].SelectMany(p => p.Call.RemovedKeyIds).ToArray(),
                    reads[n],
                    holder
                );
                foreach (var (i, call) in byObject[n])
                {
                    if (refusal != null)
                    {
                        decisions[i] = refusal;
                        continue;
                    }
                    plans[i].Calls = plans[i]
                        .Calls.Select(c => c == call ? rebuilt : c)
                        .Where(c => c != null)
                        .Select(c => c!)
                        .ToArray();
                    if (plans[i].Calls.Count == 0)
                    {
                        decisions[i] = new Decision(
                            ActionStatus.AlreadyDone,
                            $"Certificate {string.Join(", ", call.RemovedKeyIds)} left {holder} after planning: "
                                + $"nothing to remove.",
                            null
                        );
                    }
                }
            }
            return decisions;
        }

        private static (ReplaceKeyCredentials? Write, Decision? Refusal) Rebuild(
            ReplaceKeyCredentials planned,
            IReadOnlyList<string> removing,
            GetKeyCredentials read,
            string holder
        )
        {
            if (!read.Succeeded)
            {
                return (
                    null,
                    new Decision(
                        ActionStatus.Failed,
                        $"Reading the certificates of {holder} right before the write failed: "
                            + $"{read.Outcome!.Error!.Message}",
                        read.Outcome.Error
                    )
                );
            }
            var current = read.Result!;
            var remove = current.Where(k => removing.Any(r => CredentialKeys.Same(r, k.KeyId))).ToArray();
            var keep = current.Except(remove).ToArray();
            var withoutKey = keep.Where(k => !k.HasKey).ToArray();
            if (withoutKey.Length > 0)
            {
                return (
                    null,
                    new Decision(
                        ActionStatus.Refused,
                        $"Graph did not return the key material of "
                            + $"{string.Join(", ", withoutKey.Select(k => k.ToString()))} on {holder}; "
                            + "writing the certificates back without it would delete them, so nothing was changed.",
                        null
                    )
                );
            }
            return remove.Length == 0
                ? (null, null)
                : (
                    new ReplaceKeyCredentials(planned.Type, planned.Id, keep, remove.Select(k => k.KeyId).ToArray())
                    {
                        CorrelationId = planned.CorrelationId,
                    },
                    null
                );
        }

        private static (DirectoryObjectType, string) ObjectKey(ReplaceKeyCredentials call) =>
            (call.Type, call.Id.ToLowerInvariant());

        /// <summary>
        /// Groups the plans to execute, whole, into chunks of at most <see cref="ResponseEngine.MaxBatchSize"/> calls,
        /// keeping every plan that writes one object's certificates in one chunk (their writes become one).
        /// </summary>
        private static IEnumerable<List<int>> Chunks(IReadOnlyList<ResponsePlan> plans, IReadOnlyList<int> executing)
        {
            var units = new List<List<int>>();
            var unitOf = new Dictionary<(DirectoryObjectType, string), List<int>>();
            foreach (var i in executing)
            {
                var objects = plans[i].Calls.OfType<ReplaceKeyCredentials>().Select(ObjectKey).ToArray();
                var joined = objects.Where(unitOf.ContainsKey).Select(o => unitOf[o]).Distinct().ToList();
                var unit = joined.FirstOrDefault() ?? new List<int>();
                if (joined.Count == 0)
                    units.Add(unit);
                foreach (var other in joined.Skip(1))
                {
                    unit.AddRange(other);
                    units.Remove(other);
                    foreach (var key in unitOf.Where(u => u.Value == other).Select(u => u.Key).ToArray())
                        unitOf[key] = unit;
                }
                unit.Add(i);
                foreach (var o in objects)
                    unitOf[o] = unit;
            }

            var chunk = new List<int>();
            var calls = 0;
            foreach (var unit in units)
            {
                var unitCalls = unit.Sum(i => plans[i].Calls.Count);
                if (chunk.Count > 0 && calls + unitCalls > ResponseEngine.MaxBatchSize)
                {
                    yield return chunk;
                    chunk = new List<int>();
                    calls = 0;
                }
                chunk.AddRange(unit.OrderBy(i => i));
                calls += unitCalls;
            }
            if (chunk.Count > 0)
                yield return chunk;
        }

        // ---- verification ------------------------------------------------------------------------------------------

        /// <summary>
        /// Reads back what each accepted write changed and returns, per write, what shows it did not take effect. A
        /// mismatch is read again after 1 s, 2 s… (directory reads can trail a write), up to the configured attempts.
        /// </summary>
        private async Task<Dictionary<DirectoryOperation, Decision>> VerifyAsync(
            IReadOnlyList<DirectoryOperation> writes,
            CancellationToken cancellationToken
        )
        {
            var found = new Dictionary<DirectoryOperation, Decision>();
            var unverified = writes.Where(w => w.Succeeded && w.VerificationRead() != null).ToList();
            for (var attempt = 1; unverified.Count > 0; attempt++)
            {
                // One read per distinct request: removals of a password and a certificate from one object share it.
                var reads = new Dictionary<string, DirectoryOperation>(StringComparer.Ordinal);
                var readOf = new Dictionary<DirectoryOperation, DirectoryOperation>();
                foreach (var write in unverified)
                {
                    var read = write.VerificationRead()!;
                    read.CorrelationId = write.CorrelationId;
                    if (!reads.TryGetValue(read.ToString(), out var shared))
                        reads[read.ToString()] = shared = read;
                    readOf[write] = shared;
                }
                await _engine.SendAsync(reads.Values.ToArray(), cancellationToken).ConfigureAwait(false);

                var mismatched = new List<DirectoryOperation>();
                foreach (var write in unverified)
                {
                    var read = readOf[write];
                    found.Remove(write);
                    if (!read.Succeeded)
                    {
                        found[write] = new Decision(
                            ActionStatus.Failed,
                            $"Graph accepted {write.Description}, but reading it back failed: "
                                + $"{read.Outcome!.Error!.Message}",
                            read.Outcome.Error
                        );
                    }
                    else if (write.Contradiction(read) is { } contradiction)
                    {
                        found[write] = new Decision(
                            ActionStatus.Failed,
                            $"Graph accepted {write.Description}, but reading it back found that {contradiction}.",
                            null
                        );
                        mismatched.Add(write);
                    }
                }
                if (mismatched.Count == 0 || attempt >= _engine.Options.VerificationAttempts)
                    break;
                await _engine
                    .Options.WaitClock.Delay(TimeSpan.FromSeconds(attempt), cancellationToken)
                    .ConfigureAwait(false);
                unverified = mismatched;
            }
            return found;
        }

        private static Decision Interpret(
            ResponsePlan plan,
            IReadOnlyDictionary<DirectoryOperation, Decision> contradictions
        )
        {
            if (plan.Calls.OfType<AddGroupMember>().FirstOrDefault(a => a.AnsweredAlreadyMember) is { } add)
            {
                return new Decision(
                    ActionStatus.AlreadyDone,
                    $"{add.MemberId} is already a member of {plan.Target} (Graph said so when adding).",
                    null
                );
            }
            var failed = plan.Calls.Where(c => !c.Succeeded).ToArray();
            var done = plan.Calls.Where(c => c.Succeeded).Select(c => c.Description).ToArray();
            if (failed.Length > 0)
            {
                var error = failed[0].Outcome!.Error!;
                return new Decision(
                    ActionStatus.Failed,
                    done.Length == 0
                        ? error.Message
                        : $"Partly done: {string.Join("; ", done)} succeeded, but {failed[0].Description} failed: "
                            + $"{error.Message}",
                    error
                );
            }
            if (
                plan
                    .Calls.Select(c => contradictions.TryGetValue(c, out var found) ? found : null)
                    .FirstOrDefault(f => f != null) is
                { } contradiction
            )
            {
                return contradiction;
            }
            var pass = plan.Calls.OfType<CreateTemporaryAccessPass>().FirstOrDefault()?.Result;
            return new Decision(
                ActionStatus.Done,
                pass is null ? plan.Summary : $"{plan.Summary}: issued {pass}",
                null,
                pass
            );
        }

        // ---- journal
        // -------------------------------------------------------------------------------------------------

        private static List<JournalRecord> ReadPending(string journalPath) =>
            JournalReader.Read(journalPath, new JournalQuery { Statuses = new[] { ActionStatus.Pending } }).ToList();

        /// <summary>
        /// Whether an outcome settles a record a stopped run left pending: the same action on the same target (for a
        /// credential, the same key id, which is unique; for a group, the same member too).
        /// </summary>
        private static bool Settles(ResponsePlan plan, JournalRecord pending)
        {
            static bool Names(JournalRecord record, string id) =>
                record.Calls.Any(c => c.IndexOf(id, StringComparison.OrdinalIgnoreCase) >= 0);
            if (pending.Action != plan.Action)
                return false;
            if (plan.Request.KeyId is { } keyId)
                return Names(pending, keyId);
            return string.Equals(pending.TargetId, plan.TargetId, StringComparison.OrdinalIgnoreCase)
                && (plan.Request.MemberId is not { } memberId || Names(pending, memberId));
        }

        /// <summary>Journals an outcome, settles the pending records it answers, and returns the result.</summary>
        private ActionResult Finish(ResponsePlan plan, JournalRecord record, Decision decision, bool started)
        {
            var succeeded = decision.Status is ActionStatus.Done or ActionStatus.AlreadyDone;
            var settled = succeeded ? _pending.Where(p => Settles(plan, p)).ToArray() : Array.Empty<JournalRecord>();
            var detail =
                settled.Length == 0
                    ? decision.Detail
                    : $"{decision.Detail} (settles journal record{(settled.Length == 1 ? "" : "s")} "
                        + $"{string.Join(", ", settled.Select(p => p.JournalId))}, left pending by an earlier run)";
            var completed = record with
            {
                CompletedTime = _engine.Options.Clock(),
                Status = decision.Status,
                Detail = detail,
                ErrorKind = decision.Error?.Kind.ToString(),
                Settles = settled.Select(p => p.JournalId).ToArray(),
            };
            _journal.WriteCompleted(completed, started);
            foreach (var pending in settled)
            {
                _pending.Remove(pending);
                _journal.WriteCompleted(
                    pending with
                    {
                        CompletedTime = completed.CompletedTime,
                        Status = decision.Status,
                        Detail = $"Settled by journal record {completed.JournalId} of a later run: {decision.Detail}",
                        SettledBy = completed.JournalId,
                    },
                    started: true
                );
            }
            return new ActionResult
            {
                Action = plan.Action,
                Target = plan.Target,
                TargetType = plan.TargetType,
                TargetId = plan.TargetId,
                Status = completed.Status,
                Detail = detail,
                JournalId = completed.JournalId,
                Error = decision.Error,
                TemporaryAccessPass = decision.Pass,
                RiskEventId = plan.Request.RiskEventId,
                SettledJournalIds = completed.Settles,
                Plan = plan,
            };
        }

        private JournalRecord NewRecord(ResponsePlan plan, GraphConnectionInfo connection) =>
            new()
            {
                JournalId = Guid.NewGuid().ToString(),
                Time = _engine.Options.Clock(),
                Status = ActionStatus.Pending,
                Action = plan.Action,
                TenantId = connection.TenantId,
                ConnectedAs = new Planning.ConnectedIdentity(connection).Name,
                Operator = _engine.Options.Operator,
                TargetType = DirectoryObjectTypes.NameOf(plan.TargetType),
                TargetId = plan.TargetId,
                TargetName = plan.TargetName,
                Calls = plan.Calls.Select(c => c.ToString()).ToArray(),
                PriorState = plan.PriorState,
                CorrelationId = plan.CorrelationId,
                RiskEventId = plan.Request.RiskEventId,
            };

        /// <summary>How an action ends: its status, what to say, the Graph error behind a failure, a pass
        /// issued.</summary>
        private sealed record Decision(
            ActionStatus Status,
            string Detail,
            GraphRequestException? Error,
            IssuedTemporaryAccessPass? Pass = null
        );
    }
}
