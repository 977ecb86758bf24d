using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests.Contracts
{
    /// <summary>
    /// The rules every cmdlet of the module must meet, as functions from the module's surface to a list of
    /// violations (empty when all is well). The contract tests run each rule over the built module, which must pass,
    /// and over a deliberately broken cmdlet, which must not.
    /// </summary>
    public static class ContractRules
    {
        public static IReadOnlyList<string> ApprovedVerbs(IEnumerable<CmdletSurface> cmdlets) =>
            cmdlets
                .Where(c => !PowerShellConventions.ApprovedVerbs.Contains(c.Verb))
                .Select(c => $"{c.Name}: '{c.Verb}' is not an approved verb (Get-Verb of PowerShell 7.4, exact casing)")
                .ToList();

        public static IReadOnlyList<string> PrefixedSingularNouns(IEnumerable<CmdletSurface> cmdlets)
        {
            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                if (
                    !cmdlet.Noun.StartsWith(PowerShellConventions.NounPrefix, StringComparison.Ordinal)
                    && !PowerShellConventions.PrefixExceptions.ContainsKey(cmdlet.Name)
                )
                {
                    violations.Add($"{cmdlet.Name}: the noun must start with '{PowerShellConventions.NounPrefix}'");
                }
                if (PowerShellConventions.LooksPlural(cmdlet.Noun))
                {
                    violations.Add(
                        $"{cmdlet.Name}: the noun '{cmdlet.Noun}' reads as a plural; PowerShell nouns are singular"
                    );
                }
            }
            return violations;
        }

        public static IReadOnlyList<string> ShouldProcess(IEnumerable<CmdletSurface> cmdlets)
        {
            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                if (PowerShellConventions.ChangesState(cmdlet.Verb, cmdlet.Noun) && !cmdlet.SupportsShouldProcess)
                {
                    violations.Add(
                        $"{cmdlet.Name}: '{cmdlet.Verb}' changes state, so the cmdlet needs SupportsShouldProcess "
                            + $"= true (-WhatIf, -Confirm)"
                    );
                }
                if (
                    PowerShellConventions.IsDestructive(cmdlet.Verb, cmdlet.Noun)
                    && cmdlet.ConfirmImpact != CmdletSurface.Impact.High
                )
                {
                    violations.Add(
                        $"{cmdlet.Name}: a destructive cmdlet needs ConfirmImpact = ConfirmImpact.High, not "
                            + $"{cmdlet.ConfirmImpact}"
                    );
                }
            }
            return violations;
        }

        public static IReadOnlyList<string> OutputTypes(ModuleUnderTest module, IEnumerable<CmdletSurface> cmdlets)
        {
            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                if (cmdlet.OutputTypes.Count == 0)
                {
                    violations.Add($"{cmdlet.Name}: no [OutputType]: declare the type(s) the cmdlet writes");
                }
                foreach (var output in cmdlet.OutputTypes)
                {
                    var type = output.Type ?? module.ResolveType(output.TypeName);
                    if (type is null)
                        violations.Add(
                            $"{cmdlet.Name}: [OutputType] names '{output.TypeName}', which no assembly of the "
                                + $"module defines"
                        );
                    else if (!(type.IsPublic || type.IsNestedPublic))
                        violations.Add($"{cmdlet.Name}: [OutputType] type {type.FullName} is not public");
                }
            }
            return violations;
        }

        /// <summary>
        /// Every cmdlet with named parameter sets names a default one, and its parameter metadata is what PowerShell
        /// accepts at import (no two parameters at one position in a set, no name or alias used twice).
        /// </summary>
        public static IReadOnlyList<string> ParameterSets(IEnumerable<CmdletSurface> cmdlets)
        {
            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                var sets = cmdlet.ParameterSetNames;
                // A default set that no parameter names is a real set (the common parameters only), as PowerShell
                // builds it; a misspelt one shows up as an extra set the help's SYNTAX does not have.
                if (sets[0] != CmdletSurface.AllParameterSets && cmdlet.DefaultParameterSetName is null)
                {
                    violations.Add(
                        $"{cmdlet.Name}: has parameter sets ({string.Join(", ", sets)}) but no DefaultParameterSetName"
                    );
                }
                foreach (var set in sets)
                {
                    foreach (
                        var clash in cmdlet
                            .InSet(set)
                            .Where(p => p.Membership.Position != null)
                            .GroupBy(p => p.Membership.Position)
                            .Where(g => g.Count() > 1)
                    )
                    {
                        violations.Add(
                            $"{cmdlet.Name}: in set '{set}', "
                                + $"{string.Join(" and ", clash.Select(p => p.Parameter))} share position {clash.Key}"
                        );
                    }
                }
                var reserved = PowerShellConventions.CommonParameters.SelectMany(kv => new[] { kv.Key, kv.Value });
                if (cmdlet.SupportsShouldProcess)
                    reserved = reserved.Concat(
                        PowerShellConventions.ShouldProcessParameters.SelectMany(kv => new[] { kv.Key, kv.Value })
                    );
                var used = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var name in reserved)
                    used[name] = "a common parameter";
                foreach (var parameter in cmdlet.Parameters)
                {
                    foreach (var name in parameter.Names)
                    {
                        if (used.TryGetValue(name, out var owner))
                            violations.Add($"{cmdlet.Name}: '{name}' of -{parameter.Name} is already taken by {owner}");
                        else
                            used[name] = "-" + parameter.Name;
                    }
                }
            }
            return violations;
        }

        public const string BaseCmdlet = "EntraGuard.Commands.EntraGuardCmdlet";
        private static readonly string[] PipelineMethods =
        {
            "BeginProcessing",
            "ProcessRecord",
            "EndProcessing",
            "StopProcessing",
        };

        /// <summary>
        /// Every cmdlet derives from EntraGuardCmdlet (Ctrl+C trips its cancellation token; engine errors become
        /// ErrorRecords with stable ids), and none makes a pipeline method async: PowerShell calls them synchronously
        /// and an async void method would write to the pipeline from another thread after it returned.
        /// </summary>
        public static IReadOnlyList<string> PipelineHabits(IEnumerable<CmdletSurface> cmdlets)
        {
            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                var derives = false;
                for (var type = cmdlet.ImplementingType.BaseType; type != null; type = type.BaseType)
                {
                    derives |= type.FullName == BaseCmdlet;
                }
                if (!derives)
                    violations.Add($"{cmdlet.Name}: derive from {BaseCmdlet} (cancellation on Ctrl+C, error mapping)");
                foreach (
                    var method in cmdlet
                        .ImplementingType.GetMethods(
                            BindingFlags.Instance
                                | BindingFlags.Public
                                | BindingFlags.NonPublic
                                | BindingFlags.DeclaredOnly
                        )
                        .Where(m => PipelineMethods.Contains(m.Name))
                )
                {
                    if (
                        method
                            .GetCustomAttributesData()
                            .Any(a =>
                                a.AttributeType.FullName == "System.Runtime.CompilerServices.AsyncStateMachineAttribute"
                            )
                    )
                    {
                        violations.Add(
                            $"{cmdlet.Name}: {method.Name} is async; run the engine's task and write from the "
                                + $"pipeline thread instead"
                        );
                    }
                }
            }
            return violations;
        }

        /// <summary>CmdletsToExport lists exactly the cmdlets in the assembly, alphabetically, without
        /// wildcards.</summary>
        public static IReadOnlyList<string> ManifestExports(
            IReadOnlyList<string>? cmdletsToExport,
            IEnumerable<CmdletSurface> cmdlets
        )
        {
            if (cmdletsToExport is null)
                return new[] { "the manifest has no CmdletsToExport" };
            var violations = new List<string>();
            foreach (var wildcard in cmdletsToExport.Where(n => n.IndexOfAny(new[] { '*', '?', '[' }) >= 0))
            {
                violations.Add($"CmdletsToExport holds the wildcard '{wildcard}'; list each cmdlet by name");
            }
            var names = cmdlets.Select(c => c.Name).ToList();
            foreach (var missing in names.Except(cmdletsToExport, StringComparer.OrdinalIgnoreCase))
            {
                violations.Add(
                    $"{missing}: in the assembly but not in CmdletsToExport; add '{missing}' to EntraGuard.psd1"
                );
            }
            foreach (
                var extra in cmdletsToExport
                    .Except(names, StringComparer.OrdinalIgnoreCase)
                    .Where(n => n.IndexOfAny(new[] { '*', '?', '[' }) < 0)
            )
            {
                violations.Add($"{extra}: in CmdletsToExport but no such cmdlet is in the assembly");
            }
            var sorted = cmdletsToExport.OrderBy(n => n, StringComparer.OrdinalIgnoreCase).ToList();
            if (!sorted.SequenceEqual(cmdletsToExport))
            {
                violations.Add($"CmdletsToExport is not alphabetical: expected {string.Join(", ", sorted)}");
            }
            return violations;
        }

        /// <summary>Names of the assemblies whose types must never cross the module's surface or be referenced by
        /// it.</summary>
        public static bool IsIsolatedDependency(string assemblyName) =>
            assemblyName.StartsWith("Azure.", StringComparison.OrdinalIgnoreCase)
            || assemblyName.StartsWith("Microsoft.Identity.", StringComparison.OrdinalIgnoreCase)
            || assemblyName.StartsWith("Microsoft.Graph", StringComparison.OrdinalIgnoreCase)
            || assemblyName.StartsWith("Microsoft.Kiota.", StringComparison.OrdinalIgnoreCase);

        /// <summary>The cmdlet assembly references none of the isolated dependencies itself (EntraGuard.Graph is ours
        /// and fine).</summary>
        public static IReadOnlyList<string> NoIsolatedReferences(Assembly cmdletAssembly) =>
            cmdletAssembly
                .GetReferencedAssemblies()
                .Where(r => r.Name != null && IsIsolatedDependency(r.Name))
                .Select(r =>
                    $"{cmdletAssembly.GetName().Name} references {r.Name} directly; only EntraGuard.Graph may, "
                    + $"from Dependencies/"
                )
                .ToList();

        /// <summary>
        /// No parameter or output type, nor any public property of an output type, comes from an isolated dependency or
        /// from another non-EntraGuard assembly of Dependencies/: on PowerShell 7 those types live in the private load
        /// context and would not be the types other modules or scripts see.
        /// </summary>
        public static IReadOnlyList<string> NoIsolatedTypesOnSurface(
            ModuleUnderTest module,
            IEnumerable<CmdletSurface> cmdlets,
            IReadOnlySet<string> dependencyAssemblyNames
        )
        {
            bool Isolated(Type type)
            {
                var assembly = type.Assembly.GetName().Name ?? "";
                return IsIsolatedDependency(assembly)
                    || (
                        dependencyAssemblyNames.Contains(assembly)
                        && !assembly.StartsWith("EntraGuard", StringComparison.OrdinalIgnoreCase)
                    );
            }

            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                foreach (var parameter in cmdlet.Parameters)
                {
                    foreach (var type in TypeAndArguments(parameter.Type).Where(Isolated))
                    {
                        violations.Add(
                            $"{cmdlet.Name}: parameter -{parameter.Name} exposes {type.FullName} from "
                                + $"{type.Assembly.GetName().Name}"
                        );
                    }
                }
                foreach (var output in cmdlet.OutputTypes)
                {
                    var outputType = output.Type ?? module.ResolveType(output.TypeName);
                    if (outputType is null)
                        continue;
                    foreach (var type in TypeAndArguments(outputType).Where(Isolated))
                    {
                        violations.Add(
                            $"{cmdlet.Name}: output type exposes {type.FullName} from {type.Assembly.GetName().Name}"
                        );
                    }
                    foreach (var property in outputType.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                    {
                        foreach (var type in TypeAndArguments(property.PropertyType).Where(Isolated))
                        {
                            violations.Add(
                                $"{cmdlet.Name}: output {outputType.Name}.{property.Name} exposes {type.FullName} "
                                    + $"from {type.Assembly.GetName().Name}"
                            );
                        }
                    }
                }
            }
            return violations.Distinct().ToList();
        }

        private static IEnumerable<Type> TypeAndArguments(Type type)
        {
            yield return type;
            if (type.HasElementType)
            {
                foreach (var inner in TypeAndArguments(type.GetElementType()!))
                    yield return inner;
            }
            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments().SelectMany(TypeAndArguments))
                    yield return argument;
            }
        }

        /// <summary>Parameters whose values come from a shared vocabulary, and the completer each must carry.</summary>
        public static readonly IReadOnlyDictionary<string, string> VocabularyCompleters = new Dictionary<
            string,
            string
        >(StringComparer.OrdinalIgnoreCase)
        {
            ["Activity"] = "EntraGuard.Commands.Completion.ActivityNameCompleter",
            ["ActivityName"] = "EntraGuard.Commands.Completion.ActivityNameCompleter",
            ["ActivityDisplayName"] = "EntraGuard.Commands.Completion.ActivityNameCompleter",
            ["RuleId"] = "EntraGuard.Commands.Completion.RuleIdCompleter",
        };

        /// <summary>Parameters taking a severity: typed as the engine's enum, which PowerShell completes and
        /// validates.</summary>
        public static readonly IReadOnlyList<string> SeverityParameters = new[] { "Severity", "MinimumSeverity" };

        public const string SeverityType = "EntraGuard.Severity";

        /// <summary>
        /// Every [ArgumentCompleter] type is one PowerShell can use (public, IArgumentCompleter, parameterless
        /// constructor), every vocabulary parameter carries its completer, and severity parameters take the Severity
        /// enum.
        /// </summary>
        public static IReadOnlyList<string> Completers(IEnumerable<CmdletSurface> cmdlets)
        {
            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                foreach (var parameter in cmdlet.Parameters)
                {
                    foreach (var completer in parameter.Completers)
                    {
                        if (
                            !completer
                                .GetInterfaces()
                                .Any(i => i.FullName == "System.Management.Automation.IArgumentCompleter")
                        )
                        {
                            violations.Add(
                                $"{cmdlet.Name}: -{parameter.Name}'s completer {completer.FullName} does not "
                                    + $"implement IArgumentCompleter"
                            );
                        }
                        if (!(completer.IsPublic && completer.GetConstructor(Type.EmptyTypes) != null))
                        {
                            violations.Add(
                                $"{cmdlet.Name}: -{parameter.Name}'s completer {completer.FullName} needs to be "
                                    + $"public with a parameterless constructor"
                            );
                        }
                    }
                    var elementType = parameter.Type.IsArray ? parameter.Type.GetElementType()! : parameter.Type;
                    if (
                        elementType.IsGenericType
                        && elementType.GetGenericTypeDefinition().FullName == "System.Nullable`1"
                    )
                        elementType = elementType.GetGenericArguments()[0];
                    if (
                        VocabularyCompleters.TryGetValue(parameter.Name, out var expected)
                        && !parameter.Completers.Any(c => c.FullName == expected)
                    )
                    {
                        violations.Add(
                            $"{cmdlet.Name}: -{parameter.Name} takes {parameter.Name} values; add "
                                + $"[ArgumentCompleter(typeof({expected.Split('.').Last()}))]"
                        );
                    }
                    if (
                        SeverityParameters.Contains(parameter.Name, StringComparer.OrdinalIgnoreCase)
                        && elementType.FullName != SeverityType
                    )
                    {
                        violations.Add(
                            $"{cmdlet.Name}: -{parameter.Name} is {parameter.Type.Name}; type it as {SeverityType} "
                                + $"so PowerShell completes and validates it"
                        );
                    }
                }
            }
            return violations;
        }
    }
}
