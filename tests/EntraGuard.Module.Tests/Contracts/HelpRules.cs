using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using EntraGuard.Module.Tests.Infrastructure;
using EntraGuard.ModuleBuild.Help;

namespace EntraGuard.Module.Tests.Contracts
{
    /// <summary>Rules tying docs/ to the cmdlets: every cmdlet and parameter documented, and documented as it
    /// is.</summary>
    public static class HelpRules
    {
        public const int MinimumExamples = 2;

        /// <summary>
        /// Each cmdlet has docs/&lt;Name&gt;.md that reads cleanly and documents every parameter (with -WhatIf and
        /// -Confirm where ShouldProcess adds them) and nothing else, with the sets, mandatory flags, positions,
        /// pipeline
        /// input, aliases and types the code declares; one syntax block per parameter set with the code's default
        /// marked; at least two examples; every output type under OUTPUTS.
        /// </summary>
        public static IReadOnlyList<string> Coverage(IEnumerable<CmdletSurface> cmdlets, HelpSet help)
        {
            var violations = new List<string>();
            foreach (var cmdlet in cmdlets)
            {
                var page = help.Commands.FirstOrDefault(c =>
                    string.Equals(c.Name, cmdlet.Name, StringComparison.OrdinalIgnoreCase)
                );
                if (page is null)
                {
                    var error = help.Errors.FirstOrDefault(e =>
                        string.Equals(
                            Path.GetFileNameWithoutExtension(e.File),
                            cmdlet.Name,
                            StringComparison.OrdinalIgnoreCase
                        )
                    );
                    violations.Add(
                        error != null
                            ? $"{cmdlet.Name}: docs/{cmdlet.Name}.md does not read: {error.Message} (line {error.Line})"
                            : $"{cmdlet.Name}: no help page; write docs/{cmdlet.Name}.md (copy "
                                + $"docs/Get-EntraAuditEvent.md for the layout)"
                    );
                    continue;
                }
                violations.AddRange(Parameters(cmdlet, page));
                violations.AddRange(Syntax(cmdlet, page));
                if (page.Examples.Count < MinimumExamples)
                {
                    violations.Add(
                        $"{cmdlet.Name}: {page.Examples.Count} example(s); at least {MinimumExamples} are expected"
                    );
                }
                foreach (var output in cmdlet.OutputTypes)
                {
                    if (!page.Outputs.Any(o => NamesOutput(o.TypeName, output.TypeName)))
                    {
                        violations.Add($"{cmdlet.Name}: OUTPUTS does not list {output.TypeName}");
                    }
                }
            }
            return violations;
        }

        private static IEnumerable<string> Parameters(CmdletSurface cmdlet, CommandHelp page)
        {
            var expected = cmdlet.Parameters.Select(p => p.Name).ToList();
            if (cmdlet.SupportsShouldProcess)
                expected.AddRange(PowerShellConventions.ShouldProcessParameters.Keys);
            foreach (
                var documented in page.Parameters.Where(d =>
                    !expected.Contains(d.Name, StringComparer.OrdinalIgnoreCase)
                )
            )
            {
                yield return $"{cmdlet.Name}: docs document -{documented.Name}, which the cmdlet does not have";
            }

            foreach (var parameter in cmdlet.Parameters)
            {
                var doc = page.FindParameter(parameter.Name);
                if (doc is null)
                {
                    yield return $"{cmdlet.Name}: -{parameter.Name} is not documented under PARAMETERS";
                    continue;
                }
                if (!doc.Metadata.All(m => TypeMatches(m.Type, parameter.Type)))
                {
                    yield return $"{cmdlet.Name}: -{parameter.Name} is documented as '{doc.Metadata[0].Type}' but "
                        + $"is {parameter.Type.Name}";
                }
                if (!doc.Metadata.All(m => m.AcceptsWildcards == parameter.SupportsWildcards))
                {
                    yield return $"{cmdlet.Name}: -{parameter.Name} is documented with 'Accept wildcard "
                        + $"characters: {doc.Metadata[0].AcceptsWildcards}' but "
                        + $"{(parameter.SupportsWildcards ? "has" : "lacks")} [SupportsWildcards]";
                }
                if (
                    !doc.Metadata.All(m =>
                        m.Aliases.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(parameter.Aliases)
                    )
                )
                {
                    yield return $"{cmdlet.Name}: -{parameter.Name} aliases are documented as "
                        + $"'{string.Join(", ", doc.Metadata[0].Aliases)}' but are "
                        + $"'{string.Join(", ", parameter.Aliases)}'";
                }
                foreach (var set in cmdlet.ParameterSetNames)
                {
                    var membership = cmdlet
                        .InSet(set)
                        .Where(p => p.Parameter == parameter)
                        .Select(p => p.Membership)
                        .FirstOrDefault();
                    var documented =
                        set == CmdletSurface.AllParameterSets
                            ? doc.Metadata.FirstOrDefault(m => m.AppliesToAllSets)
                            : doc.InSet(set);
                    if (membership is null)
                    {
                        if (
                            documented != null
                            && !(documented.AppliesToAllSets && set == CmdletSurface.AllParameterSets)
                        )
                        {
                            yield return $"{cmdlet.Name}: -{parameter.Name} is documented in set '{set}' but is "
                                + $"not in it";
                        }
                        continue;
                    }
                    if (documented is null)
                    {
                        yield return $"{cmdlet.Name}: -{parameter.Name} belongs to set '{set}', but its Parameter "
                            + $"Sets do not say so";
                        continue;
                    }
                    if (documented.Required != membership.Mandatory)
                    {
                        yield return $"{cmdlet.Name}: -{parameter.Name} in set '{set}' is documented Required: "
                            + $"{documented.Required} but is Mandatory = {membership.Mandatory}";
                    }
                    if (documented.Position != membership.Position)
                    {
                        yield return $"{cmdlet.Name}: -{parameter.Name} in set '{set}' is documented at Position "
                            + $"{documented.Position?.ToString() ?? "Named"} but is at "
                            + $"{membership.Position?.ToString() ?? "Named"}";
                    }
                    if (
                        documented.ByValue != membership.ByValue
                        || documented.ByPropertyName != membership.ByPropertyName
                    )
                    {
                        yield return $"{cmdlet.Name}: -{parameter.Name} in set '{set}' documents pipeline input "
                            + $"'{documented.PipelineInputText}' but takes ByValue={membership.ByValue}, "
                            + $"ByPropertyName={membership.ByPropertyName}";
                    }
                }
            }

            if (cmdlet.SupportsShouldProcess)
            {
                foreach (var (name, alias) in PowerShellConventions.ShouldProcessParameters)
                {
                    var doc = page.FindParameter(name);
                    if (doc is null)
                    {
                        yield return $"{cmdlet.Name}: supports ShouldProcess, so -{name} must be documented under "
                            + $"PARAMETERS";
                    }
                    else if (
                        !doc.Metadata.All(m =>
                            m.IsSwitch
                            && m.AppliesToAllSets
                            && !m.Required
                            && m.Position is null
                            && m.Aliases.SequenceEqual(new[] { alias })
                        )
                    )
                    {
                        yield return $"{cmdlet.Name}: -{name} must be documented as SwitchParameter, Parameter "
                            + $"Sets (All), Aliases {alias}, Required False, Position Named";
                    }
                }
            }
        }

        private static IEnumerable<string> Syntax(CmdletSurface cmdlet, CommandHelp page)
        {
            var codeSets = cmdlet.ParameterSetNames;
            var docSets = page.Syntax.Select(s => s.ParameterSetName).ToList();
            foreach (var missing in codeSets.Except(docSets, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"{cmdlet.Name}: SYNTAX has no block for parameter set '{missing}'";
            }
            foreach (var extra in docSets.Except(codeSets, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"{cmdlet.Name}: SYNTAX has a block for '{extra}', which is not a parameter set of "
                    + $"the cmdlet";
            }
            var documentedDefault = page.Syntax.FirstOrDefault(s => s.IsDefault)?.ParameterSetName;
            if (
                cmdlet.DefaultParameterSetName != null
                && !string.Equals(documentedDefault, cmdlet.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase)
            )
            {
                yield return $"{cmdlet.Name}: SYNTAX marks '{documentedDefault ?? "no set"}' as (Default), the "
                    + $"cmdlet's default is '{cmdlet.DefaultParameterSetName}'";
            }
        }

        /// <summary>Whether an OUTPUTS heading names the declared type; platyPS writes "None" for a cmdlet that writes
        /// nothing.</summary>
        public static bool NamesOutput(string documented, string declared) =>
            string.Equals(documented, declared, StringComparison.OrdinalIgnoreCase)
            || (declared == "System.Void" && string.Equals(documented, "None", StringComparison.OrdinalIgnoreCase));

        /// <summary>PlatyPS writes short type names (String[], SwitchParameter); a full name or the nullable's inner
        /// type is accepted too.</summary>
        private static bool TypeMatches(string documented, Type type)
        {
            var inner =
                type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1"
                    ? type.GetGenericArguments()[0]
                    : type;
            return new[] { type.Name, type.FullName, inner.Name, inner.FullName }.Contains(
                documented,
                StringComparer.OrdinalIgnoreCase
            );
        }

        /// <summary>
        /// Every example on a cmdlet's page runs that cmdlet, and every parameter any example passes to one of the
        /// module's cmdlets is a parameter, alias or common parameter of it.
        /// </summary>
        public static IReadOnlyList<string> ExampleParameters(IEnumerable<CmdletSurface> cmdlets, HelpSet help)
        {
            var byName = cmdlets.ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);
            var names = byName.Keys.ToHashSet(StringComparer.OrdinalIgnoreCase);
            var violations = new List<string>();
            foreach (var page in help.Commands)
            {
                foreach (var example in page.Examples)
                {
                    var invocations = ExampleCommandLines.Find(example.Code, names);
                    if (
                        byName.ContainsKey(page.Name)
                        && !invocations.Any(i =>
                            string.Equals(i.Command, page.Name, StringComparison.OrdinalIgnoreCase)
                        )
                    )
                    {
                        violations.Add($"{page.Name}: example '{example.Title}' does not run {page.Name}");
                    }
                    foreach (var invocation in invocations)
                    {
                        var cmdlet = byName[invocation.Command];
                        foreach (var parameter in invocation.Parameters.Where(p => !Accepts(cmdlet, p)))
                        {
                            violations.Add(
                                $"{page.Name}: example '{example.Title}' passes -{parameter} to {cmdlet.Name}, "
                                    + $"which has no such parameter"
                            );
                        }
                    }
                }
            }
            return violations;
        }

        private static bool Accepts(CmdletSurface cmdlet, string name) =>
            cmdlet.Parameters.Any(p => p.Names.Contains(name, StringComparer.OrdinalIgnoreCase))
            || PowerShellConventions.CommonParameters.Any(kv =>
                string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(kv.Value, name, StringComparison.OrdinalIgnoreCase)
            )
            || (
                cmdlet.SupportsShouldProcess
                && PowerShellConventions.ShouldProcessParameters.Any(kv =>
                    string.Equals(kv.Key, name, StringComparison.OrdinalIgnoreCase)
                    || string.Equals(kv.Value, name, StringComparison.OrdinalIgnoreCase)
                )
            );

        /// <summary>The module page (docs/EntraGuard.md) links every cmdlet's page and carries the manifest's
        /// GUID.</summary>
        public static IReadOnlyList<string> ModulePage(
            IEnumerable<CmdletSurface> cmdlets,
            MarkdownDocument modulePage,
            string manifestGuid
        )
        {
            var violations = new List<string>();
            var headings = MarkdownDocument.Sections(modulePage.Body, 3).Select(s => s.Title).ToList();
            foreach (var cmdlet in cmdlets)
            {
                if (!headings.Contains($"[{cmdlet.Name}]({cmdlet.Name}.md)", StringComparer.OrdinalIgnoreCase))
                {
                    violations.Add(
                        $"{cmdlet.Name}: docs/EntraGuard.md has no '### [{cmdlet.Name}]({cmdlet.Name}.md)' entry"
                    );
                }
            }
            if (
                !modulePage.FrontMatter.TryGetValue("Module Guid", out var guid)
                || !string.Equals(guid, manifestGuid, StringComparison.OrdinalIgnoreCase)
            )
            {
                violations.Add(
                    $"docs/EntraGuard.md: Module Guid '{guid}' differs from the manifest's GUID '{manifestGuid}'"
                );
            }
            return violations;
        }
    }
}
