using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Graph;
using EntraGuard.Graph.Response;
using EntraGuard.Response;

namespace EntraGuard.Cli
{
    /// <summary>
    /// <c>entraguard respond &lt;action&gt;</c>: plan remediation for one target (ids as options) or for risk events
    /// read as JSON lines (<c>--from file</c>, or <c>-</c> for stdin). A dry run by default: the plans are printed and
    /// nothing changes. With <c>--apply</c> each action is journaled, carried out, and reported.
    /// </summary>
    internal static class RespondCommand
    {
        public static Command Create(TextWriter output)
        {
            var command = new Command(
                "respond",
                "Answer findings: plan remediation and, with --apply, carry it out. Dry run by default; every "
                    + "change is journaled."
            );
            foreach (var action in ResponseActions.All)
                command.Subcommands.Add(CreateAction(action, output));
            return command.WithExamples(
                (
                    "entraguard scan exports/ --format json | entraguard respond revoke-credential --from -",
                    "Plans the revocations the findings call for, checked against the tenant; nothing changes."
                ),
                (
                    "entraguard respond revoke-credential --from findings.jsonl --apply",
                    "Revokes them: each change journaled and read back; a re-run does nothing twice."
                )
            );
        }

        private static Command CreateAction(ResponseActionInfo action, TextWriter output)
        {
            var servicePrincipal = new Option<string>("--service-principal-id")
            {
                Description = "The service principal's object id.",
            };
            var application = new Option<string>("--application-id") { Description = "The application's object id." };
            var keyId = new Option<string>("--key-id") { Description = "The credential's key id." };
            var keyType = new Option<string>("--key-type")
            {
                Description = "Password or AsymmetricX509Cert, as the finding said (informational).",
            };
            var user = new Option<string>("--user") { Description = "The user's object id or user principal name." };
            var eventTime = new Option<DateTimeOffset?>("--event-time")
            {
                Description = "When the answered activity happened: sessions revoked since count as done.",
            };
            var group = new Option<string>("--group-id") { Description = "The group's object id." };
            var member = new Option<string>("--member-id") { Description = "The object id of the member to add back." };
            var lifetime = new Option<int>("--lifetime")
            {
                Description = "Pass lifetime in minutes, 10 to 43200 (default 60).",
                DefaultValueFactory = _ => ResponseRequest.DefaultPassLifetime,
            };
            var reusable = new Option<bool>("--reusable")
            {
                Description = "Let the pass be used more than once within its lifetime.",
            };
            var force = new Option<bool>("--force")
            {
                Description = "Act even on the identity EntraGuard is signed in as (the self-lockout guard).",
            };
            var from = new Option<string>("--from")
            {
                Description = "Risk events as JSON lines (entraguard scan --format json); '-' reads stdin.",
            };
            var anyRule = new Option<bool>("--any-rule")
            {
                Description =
                    "With --from: act on findings of any rule, not only those whose rule suggests this action.",
            };
            var incompleteHistory = new Option<bool>("--include-incomplete-history")
            {
                Description =
                    "With --from: act on rare-actor findings too whose history did not cover the whole window.",
            };
            var apply = new Option<bool>("--apply")
            {
                Description = "Make the changes. Without it, the plans are printed and nothing changes.",
            };
            var journalPath = new Option<string>("--journal")
            {
                Description =
                    "The journal file (default: the settings' journalPath, $ENTRAGUARD_JOURNAL, or "
                    + "EntraGuard/journal.jsonl in local app data).",
            };
            var settings = new Option<string>("--settings")
            {
                Description = "A settings file (YAML or JSON) whose journalPath names the journal.",
            };
            var connection = new GraphConnectionCliOptions();

            var targetOptions = new List<Option>();
            void Add(ResponseInputs inputs, params Option[] options)
            {
                if (action.Takes(inputs))
                    targetOptions.AddRange(options);
            }
            Add(ResponseInputs.Credential, servicePrincipal, application, keyId, keyType);
            Add(ResponseInputs.ServicePrincipal, servicePrincipal);
            Add(ResponseInputs.User, user);
            Add(ResponseInputs.GroupMember, group, member);

            var command = new Command(action.Verb, action.Description);
            foreach (var alias in action.VerbAliases)
                command.Aliases.Add(alias);
            foreach (var option in targetOptions)
                command.Options.Add(option);
            if (action.Takes(ResponseInputs.EventTime))
                command.Options.Add(eventTime);
            if (action.Takes(ResponseInputs.PassSettings))
            {
                command.Options.Add(lifetime);
                command.Options.Add(reusable);
            }
            if (action.Takes(ResponseInputs.SelfLockoutGuard))
                command.Options.Add(force);
            foreach (var option in new Option[] { from, anyRule, incompleteHistory, apply, journalPath, settings })
                command.Options.Add(option);
            connection.AddTo(command);
            command.Validators.Add(result =>
            {
                var givenIds = targetOptions.Any(o => result.GetResult(o) is { Implicit: false });
                if (result.GetValue(from) != null && givenIds)
                    result.AddError("Give the target as options or --from, not both.");
                else if (result.GetValue(from) is null && !givenIds)
                    result.AddError(
                        $"Give the target ({string.Join(", ", targetOptions.Select(o => o.Name))}) or --from <risk "
                            + $"events as JSON lines>."
                    );
            });

            command.SetAction(
                async (parse, cancellationToken) =>
                {
                    var error = parse.InvocationConfiguration.Error;
                    var template = new ResponseRequest
                    {
                        Action = action.Action,
                        ServicePrincipalId = parse.GetValue(servicePrincipal),
                        ApplicationId = parse.GetValue(application),
                        KeyId = parse.GetValue(keyId),
                        KeyType = parse.GetValue(keyType),
                        UserId = parse.GetValue(user),
                        EventTime = parse.GetValue(eventTime),
                        GroupId = parse.GetValue(group),
                        MemberId = parse.GetValue(member),
                        LifetimeInMinutes = parse.GetValue(lifetime),
                        IsUsableOnce = !parse.GetValue(reusable),
                        Force = parse.GetValue(force),
                    };
                    var scope = new ResponseScope
                    {
                        AnyRule = parse.GetValue(anyRule),
                        IncludeIncompleteHistory = parse.GetValue(incompleteHistory),
                    };
                    var requests = ReadRequests(parse.GetValue(from), template).Where(scope.Admit).ToArray();
                    if (scope.SkippedCount > 0)
                    {
                        error.WriteLine(
                            $"entraguard: skipped {scope.SkippedCount} finding(s): "
                                + scope.DescribeSkipped(reason =>
                                    reason switch
                                    {
                                        ResponseSkipReason.OtherResponseSuggested => anyRule.Name,
                                        ResponseSkipReason.IncompleteHistory => incompleteHistory.Name,
                                        _ => null,
                                    }
                                )
                                + "."
                        );
                    }
                    if (requests.Length == 0)
                    {
                        // A quiet day is a success for a scheduled responder.
                        error.WriteLine($"entraguard: nothing to do: no finding calls for {action.Verb}.");
                        return CliRunner.Success;
                    }

                    if (!parse.GetValue(apply) && !connection.IsSignInGiven(parse))
                    {
                        var offline = ResponseEngine.PlanOffline(requests);
                        foreach (var plan in offline)
                            output.WriteLine(plan + Environment.NewLine);
                        error.WriteLine(
                            $"entraguard: dry run without a sign-in: {offline.Count} plan(s) from the "
                                + "findings alone, not checked against the tenant; sign in (see --help) to check "
                                + "them, add --apply to make them."
                        );
                        return CliRunner.Success;
                    }
                    using var session = GraphSession.Create(connection.ConnectionOptions(parse));
                    var engine = new ResponseEngine(
                        new GraphDirectoryGateway(session),
                        new ResponseEngineOptions { ForceSwitch = force.Name }
                    );
                    if (!parse.GetValue(apply))
                    {
                        var plans = await engine.PlanAsync(requests, cancellationToken);
                        foreach (var plan in plans)
                            output.WriteLine(plan + Environment.NewLine);
                        var changes = plans.Count(p => p.WillChange && p.SameChangeAs is null);
                        error.WriteLine(
                            $"entraguard: dry run: {changes} change(s) planned, "
                                + $"{Count(plans, ActionStatus.AlreadyDone)} already done, "
                                + $"{Count(plans, ActionStatus.Refused)} refused, "
                                + $"{Count(plans, ActionStatus.Failed)} failed. Nothing was changed; add --apply "
                                + $"to make the changes."
                        );
                        return plans.Any(p => p.Decision is ActionStatus.Refused or ActionStatus.Failed)
                            ? CliRunner.Failure
                            : CliRunner.Success;
                    }

                    var path = ResponseJournal.ResolvePath(parse.GetValue(journalPath), parse.GetValue(settings));
                    var results = new List<ActionResult>();
                    // Planned again under the journal's lock, from the state as it is now: another run may have acted
                    // since the dry run, or be acting right now.
                    using (var run = engine.Open(path, ResponseJournal.DefaultLockWait, cancellationToken))
                    {
                        foreach (var round in requests.Chunk(ResponseEngine.MaxBatchSize))
                        {
                            var executed = await run.ExecuteAsync(
                                await run.PlanAsync(round, cancellationToken),
                                cancellationToken
                            );
                            foreach (var result in executed)
                                WriteResult(result, output);
                            results.AddRange(executed);
                        }
                    }
                    var settled = results.Sum(r => r.SettledJournalIds.Count);
                    error.WriteLine(
                        $"entraguard: {results.Count(r => r.Status == ActionStatus.Done)} done, "
                            + $"{results.Count(r => r.Status == ActionStatus.AlreadyDone)} already done, "
                            + $"{results.Count(r => r.Status == ActionStatus.Refused)} refused, "
                            + $"{results.Count(r => r.Status == ActionStatus.Failed)} failed"
                            + (settled == 0 ? "" : $", {settled} pending record(s) of an earlier run settled")
                            + $"; journal: {path}"
                    );
                    return results.All(r => r.Succeeded) ? CliRunner.Success : CliRunner.Failure;
                }
            );
            return command.WithExamples(Examples(action));
        }

        /// <summary>A dry run from findings, and the same action on one target with --apply.</summary>
        private static (string, string)[] Examples(ResponseActionInfo action)
        {
            var verb = $"entraguard respond {action.Verb}";
            var target = action.Action switch
            {
                ResponseAction.RevokeCredential => "--service-principal-id 9a1c55e0-6c1f-4bb1-9d3e-2f0e7c1a5b01 "
                    + "--key-id 0f3d2b6a-7e41-4c1b-a5f9-3c8e1d2b4a77",
                ResponseAction.DisableServicePrincipal or ResponseAction.EnableServicePrincipal =>
                    "--service-principal-id 9a1c55e0-6c1f-4bb1-9d3e-2f0e7c1a5b01",
                ResponseAction.RestoreGroupMember =>
                    "--group-id 4e2a9b10-58c3-4d7e-8f21-6a0b3c9d1e55 --member-id 7c8d9e0f-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
                _ => "--user megan@contoso.com",
            };
            return new[]
            {
                (
                    $"entraguard scan exports/ --format json | {verb} --from -",
                    $"Plans {action.Key} for every finding whose rule suggests it; nothing changes (a dry run)."
                ),
                ($"{verb} {target} --apply", "Carries it out for one target, journaled, read back to verify."),
            };
        }

        /// <summary>The option behind each request key, for messages.</summary>
        private static readonly Dictionary<string, string> OptionNames = new()
        {
            [nameof(ResponseRequest.ServicePrincipalId)] = "--service-principal-id",
            [nameof(ResponseRequest.ApplicationId)] = "--application-id",
            [nameof(ResponseRequest.KeyId)] = "--key-id",
            [nameof(ResponseRequest.UserId)] = "--user",
            [nameof(ResponseRequest.GroupId)] = "--group-id",
            [nameof(ResponseRequest.MemberId)] = "--member-id",
            [nameof(ResponseRequest.LifetimeInMinutes)] = "--lifetime",
        };

        private static int Count(IEnumerable<ResponsePlan> plans, ActionStatus status) =>
            plans.Count(p => p.Decision == status);

        private static IReadOnlyList<ResponseRequest> ReadRequests(string? from, ResponseRequest template)
        {
            if (from is null)
            {
                try
                {
                    template.Validate();
                }
                catch (InvalidResponseRequestException ex) when (OptionNames.TryGetValue(ex.Key, out var option))
                {
                    throw new ArgumentException($"{ex.Message} ({option})", ex);
                }
                return new[] { template };
            }
            if (from == "-")
                return ResponseRequests.ReadJsonLines(Console.In, "stdin", template);
            using var reader = new StreamReader(from);
            return ResponseRequests.ReadJsonLines(reader, from, template);
        }

        private static void WriteResult(ActionResult result, TextWriter output)
        {
            output.WriteLine(
                $"{result.Status, -11} {result.Action} {result.Target}: {result.Detail}"
                    + (result.JournalId is null ? "" : $" [journal {result.JournalId}]")
            );
            if (result.TemporaryAccessPass is { } pass)
            {
                // Shown once, here, for the operator to hand over; it is in no journal and no log.
                output.WriteLine($"  temporary access pass: {new NetworkCredential(string.Empty, pass.Pass).Password}");
            }
        }
    }
}
