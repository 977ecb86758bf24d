using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests.Contracts
{
    /// <summary>One view of a .format.ps1xml file: the types it is for, its kind, and what its columns or items
    /// read.</summary>
    public sealed record FormatView(
        string Name,
        IReadOnlyList<string> TypeNames,
        string Control,
        IReadOnlyList<string> PropertyNames,
        IReadOnlyList<string> ScriptBlocks
    );

    /// <summary>Rules tying EntraGuard.format.ps1xml to the types the cmdlets write.</summary>
    public static class FormatRules
    {
        public static IReadOnlyList<FormatView> ReadViews(XDocument format) =>
            format
                .Descendants("View")
                .Select(view =>
                {
                    var control =
                        view.Elements()
                            .FirstOrDefault(e => e.Name.LocalName.EndsWith("Control", StringComparison.Ordinal))
                            ?.Name.LocalName
                        ?? "(none)";
                    return new FormatView(
                        (string?)view.Element("Name") ?? "",
                        view.Element("ViewSelectedBy")?.Elements("TypeName").Select(t => t.Value.Trim()).ToList()
                            ?? new List<string>(),
                        control,
                        view.Descendants("PropertyName").Select(p => p.Value.Trim()).ToList(),
                        view.Descendants("ScriptBlock").Select(s => s.Value).ToList()
                    );
                })
                .ToList();

        /// <summary>The output types of the cmdlets that come from EntraGuard's own assemblies.</summary>
        public static IEnumerable<Type> OwnOutputTypes(ModuleUnderTest module, IEnumerable<CmdletSurface> cmdlets) =>
            cmdlets
                .SelectMany(c => c.OutputTypes)
                .Select(o => o.Type ?? module.ResolveType(o.TypeName))
                .Where(t =>
                    t != null && (t.Assembly.GetName().Name ?? "").StartsWith("EntraGuard", StringComparison.Ordinal)
                )
                .Select(t => t!)
                .Distinct();

        /// <summary>Every public type a cmdlet of the module writes has a table view.</summary>
        public static IReadOnlyList<string> TableViewForEveryOutputType(
            ModuleUnderTest module,
            IEnumerable<CmdletSurface> cmdlets,
            IReadOnlyList<FormatView> views
        ) =>
            OwnOutputTypes(module, cmdlets)
                .Where(type =>
                    !views.Any(v =>
                        v.Control == "TableControl"
                        && v.TypeNames.Contains(type.FullName!, StringComparer.OrdinalIgnoreCase)
                    )
                )
                .Select(type =>
                    $"{type.FullName}: a cmdlet writes it but EntraGuard.format.ps1xml has no table view for it"
                )
                .ToList();

        /// <summary>
        /// Every view names a type that exists, and every property it reads exists on that type: each PropertyName,
        /// and each <c>$_.Member.Member</c> chain in a script block (member enumeration through collections included,
        /// <c>$_</c> inside ForEach-Object / Where-Object blocks being another object and left alone).
        /// </summary>
        public static IReadOnlyList<string> ViewsMatchTypes(ModuleUnderTest module, IReadOnlyList<FormatView> views)
        {
            var violations = new List<string>();
            foreach (var view in views)
            {
                if (view.TypeNames.Count == 0)
                    violations.Add($"view '{view.Name}': no ViewSelectedBy/TypeName");
                foreach (var typeName in view.TypeNames)
                {
                    var type = module.ResolveType(typeName);
                    if (type is null)
                    {
                        violations.Add($"view '{view.Name}' ({view.Control}): type {typeName} does not exist");
                        continue;
                    }
                    foreach (var property in view.PropertyNames.Where(p => FindProperty(type, p) is null))
                    {
                        violations.Add($"view '{view.Name}' ({view.Control}): {typeName} has no property '{property}'");
                    }
                    foreach (var chain in view.ScriptBlocks.SelectMany(RowMemberChains))
                    {
                        var problem = CheckChain(type, chain);
                        if (problem != null)
                            violations.Add($"view '{view.Name}' ({view.Control}): $_.{chain} — {problem}");
                    }
                }
            }
            return violations;
        }

        private static readonly Regex RowReference = new(
            @"\$_((?:\.[A-Za-z_][A-Za-z0-9_]*)+)(\()?",
            RegexOptions.CultureInvariant
        );
        private static readonly Regex RebindingCommand = new(
            @"(ForEach-Object|Where-Object|%|\?|\.ForEach\(|\.Where\(|foreach|where)\s*$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant
        );

        /// <summary>The member chains read from the row object ($_ outside blocks that rebind $_), e.g.
        /// "InitiatedBy.IpAddress".</summary>
        public static IEnumerable<string> RowMemberChains(string script)
        {
            var rebinding = new Stack<bool>();
            for (var i = 0; i < script.Length; i++)
            {
                var c = script[i];
                if (c == '{')
                {
                    rebinding.Push(RebindingCommand.IsMatch(script.Substring(0, i)));
                }
                else if (c == '}' && rebinding.Count > 0)
                {
                    rebinding.Pop();
                }
                else if (c == '$' && !rebinding.Contains(true))
                {
                    var match = RowReference.Match(script, i);
                    if (match.Success && match.Index == i)
                    {
                        yield return match.Groups[1].Value.Substring(1) + (match.Groups[2].Success ? "()" : "");
                        i += match.Length - 1;
                    }
                }
            }
        }

        private static string? CheckChain(Type type, string chain)
        {
            var current = type;
            var members = chain.Split('.');
            for (var index = 0; index < members.Length; index++)
            {
                var member = members[index];
                if (member.EndsWith("()", StringComparison.Ordinal))
                {
                    var method = member.Substring(0, member.Length - 2);
                    return current
                        .GetMethods(BindingFlags.Public | BindingFlags.Instance)
                        .Any(m => string.Equals(m.Name, method, StringComparison.OrdinalIgnoreCase))
                        ? null
                        : $"{current.Name} has no method {method}";
                }
                // PowerShell gives every object Count and Length.
                if (member is "Count" or "Length")
                    return null;
                var property = FindProperty(current, member);
                if (property is null && ElementType(current) is { } element)
                {
                    property = FindProperty(element, member); // member enumeration over a collection
                }
                if (property is null)
                    return $"{current.Name} has no property {member}";
                current = property.PropertyType;
            }
            return null;
        }

        private static PropertyInfo? FindProperty(Type type, string name) =>
            new[] { type }
                .Concat(type.GetInterfaces())
                .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

        private static Type? ElementType(Type type)
        {
            if (type.IsArray)
                return type.GetElementType();
            var enumerable = new[] { type }
                .Concat(type.GetInterfaces())
                .FirstOrDefault(i =>
                    i.IsGenericType
                    && i.GetGenericTypeDefinition().FullName == "System.Collections.Generic.IEnumerable`1"
                );
            return enumerable?.GetGenericArguments()[0];
        }
    }
}
