using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Module.Tests.Contracts;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests
{
    /// <summary>
    /// The pipelines EntraGuard promises bind: the upstream cmdlet's output type carries what every mandatory
    /// parameter of some parameter set of the downstream cmdlet needs, by value or by property name. A pair whose
    /// cmdlets are not in the module yet is skipped with the reason, and is checked as soon as both exist.
    /// </summary>
    [Collection(BuiltModuleCollection.Name)]
    public sealed class PipelineContractTests
    {
        /// <summary>
        /// Declared pipelines: upstream (a cmdlet of the module, or "Type:Full.Name" for another command's output),
        /// downstream cmdlet. Add a line for each pipeline the docs or README show.
        /// </summary>
        public static TheoryData<string, string> DeclaredPipelines =>
            new()
            {
                { "Type:System.IO.FileInfo", "Get-EntraAuditEvent" }, // Get-ChildItem | Get-EntraAuditEvent
                { "Get-EntraAuditEvent", "Get-EntraRiskEvent" },
                { "Type:System.IO.FileInfo", "Get-EntraSignInEvent" }, // Get-ChildItem | Get-EntraSignInEvent
                { "Get-EntraRiskEvent", "Invoke-CredentialRevocation" },
                { "Get-EntraRiskEvent", "Get-EntraUserSecurityInfo" },
                // results | Get-EntraGuardJournal (JournalId)
                { "Invoke-CredentialRevocation", "Get-EntraGuardJournal" },
            };

        /// <summary>Parameters naming the objects a RiskEvent carries ids of: a cmdlet changing state with one of them
        /// is a responder.</summary>
        private static readonly string[] ResponderTargetParameters =
        {
            "ServicePrincipalId",
            "ApplicationId",
            "KeyId",
            "UserId",
            "GroupId",
        };

        private readonly BuiltModule _built;

        public PipelineContractTests(BuiltModule built) => _built = built;

        [SkippableTheory]
        [MemberData(nameof(DeclaredPipelines))]
        public void Declared_pipeline_binds(string upstream, string downstream)
        {
            var upstreamTypes = UpstreamTypes(upstream, out var missing);
            var target = _built.Module.Find(downstream);
            Skip.If(missing != null, $"{missing} is not in the module yet; this pipeline is checked once it is");
            Skip.If(target is null, $"{downstream} is not in the module yet; this pipeline is checked once it is");
            AssertBinds(upstream, upstreamTypes, target!);
        }

        [SkippableFact]
        public void Every_responder_binds_from_Get_EntraRiskEvent()
        {
            var responders = _built
                .Cmdlets.Where(c => PowerShellConventions.ChangesState(c.Verb, c.Noun))
                .Where(c =>
                    c.Parameters.Any(p =>
                        p.Names.Intersect(ResponderTargetParameters, StringComparer.OrdinalIgnoreCase).Any()
                    )
                )
                .ToList();
            var riskEvents = UpstreamTypes("Get-EntraRiskEvent", out var missing);
            Skip.If(missing != null, "Get-EntraRiskEvent is not in the module yet; responders are checked once it is");
            Skip.If(
                responders.Count == 0,
                "no responder cmdlet (state-changing, taking a service principal, application, key, user or group "
                    + "id) is in the module yet"
            );
            foreach (var responder in responders)
            {
                AssertBinds("Get-EntraRiskEvent", riskEvents, responder);
            }
        }

        [Fact]
        public void A_downstream_cmdlet_needing_what_the_upstream_lacks_is_caught()
        {
            using var broken = ModuleUnderTest.Load(
                FixtureCompiler.CompileCmdlets(
                    """
                    using System.Management.Automation;
                    namespace Broken
                    {
                        [Cmdlet(VerbsLifecycle.Invoke, "EntraThingRevocation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
                        [OutputType(typeof(string))]
                        public sealed class InvokeEntraThingRevocationCommand : PSCmdlet
                        {
                            [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)] [Alias("Id")]
                            public string ServicePrincipalId { get; set; } = "";
                            [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
                            public string KeyId { get; set; } = "";
                        }

                        [Cmdlet(VerbsCommon.Get, "EntraThing", DefaultParameterSetName = "Path")]
                        [OutputType(typeof(string))]
                        public sealed class GetEntraThingCommand : PSCmdlet
                        {
                            [Parameter(Mandatory = true, ParameterSetName = "Path")]
                            public string Path { get; set; } = "";
                            [Parameter(Mandatory = true, ParameterSetName = "Event", ValueFromPipelineByPropertyName = true)] [Alias("Id")]
                            public string EventId { get; set; } = "";
                            [Parameter(ParameterSetName = "Event", ValueFromPipelineByPropertyName = true)]
                            public System.DateTimeOffset? ActivityDateTime { get; set; }
                        }
                    }
                    """
                )
            );
            var auditEvent = broken.ResolveType("EntraGuard.AuditEvent")!;

            var revocation = PipelineBinding.Check(auditEvent, broken.Find("Invoke-EntraThingRevocation")!);
            Assert.False(revocation.Binds);
            Assert.Contains(revocation.Problems, p => p.Contains("mandatory -KeyId cannot bind from AuditEvent"));

            // The same machinery accepts a set that does bind (by alias and through a nullable), skipping one that
            // cannot.
            var get = PipelineBinding.Check(auditEvent, broken.Find("Get-EntraThing")!);
            Assert.True(get.Binds, get.ToString());
            Assert.Equal("Event", get.ParameterSet);
            Assert.Contains("-EventId from AuditEvent.Id", get.Bound);
            Assert.Contains("-ActivityDateTime from AuditEvent.ActivityDateTime", get.Bound);
        }

        private IReadOnlyList<Type> UpstreamTypes(string upstream, out string? missing)
        {
            missing = null;
            if (upstream.StartsWith("Type:", StringComparison.Ordinal))
            {
                var name = upstream.Substring("Type:".Length);
                return new[]
                {
                    _built.Module.ResolveType(name)
                        ?? throw new InvalidOperationException($"type {name} does not resolve"),
                };
            }
            var cmdlet = _built.Module.Find(upstream);
            if (cmdlet is null)
            {
                missing = upstream;
                return Array.Empty<Type>();
            }
            return cmdlet
                .OutputTypes.Select(o => o.Type ?? _built.Module.ResolveType(o.TypeName))
                .Where(t => t != null)
                .Select(t => t!)
                .ToList();
        }

        private static void AssertBinds(string upstream, IReadOnlyList<Type> upstreamTypes, CmdletSurface downstream)
        {
            Assert.NotEmpty(upstreamTypes);
            var results = upstreamTypes.Select(t => (Type: t, Result: PipelineBinding.Check(t, downstream))).ToList();
            Assert.True(
                results.Any(r => r.Result.Binds),
                $"{upstream} | {downstream.Name} does not bind: "
                    + string.Join(" / ", results.Select(r => $"{r.Type.Name}: {r.Result}"))
            );
        }
    }
}
