using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests.Contracts
{
    /// <summary>The outcome of piping one type into a cmdlet: the set PowerShell can choose, or why none
    /// binds.</summary>
    public sealed record BindingResult(
        bool Binds,
        string? ParameterSet,
        IReadOnlyList<string> Bound,
        IReadOnlyList<string> Problems
    )
    {
        public override string ToString() =>
            Binds ? $"binds in set '{ParameterSet}' ({string.Join(", ", Bound)})" : string.Join("; ", Problems);
    }

    /// <summary>
    /// PowerShell's pipeline binding, as far as metadata can judge it: an object binds to a parameter set when at
    /// least one parameter of the set takes it from the pipeline and every mandatory parameter of the set does —
    /// by value (the object's type fits) or by property name (a property named like the parameter or one of its
    /// aliases, of a type that converts).
    /// </summary>
    public static class PipelineBinding
    {
        public static BindingResult Check(Type upstream, CmdletSurface downstream)
        {
            var problems = new List<string>();
            var sets = downstream
                .ParameterSetNames.OrderBy(s =>
                    string.Equals(s, downstream.DefaultParameterSetName, StringComparison.OrdinalIgnoreCase) ? 0 : 1
                )
                .ToList();
            foreach (var set in sets)
            {
                var members = downstream.InSet(set).ToList();
                var bound = new List<string>();
                var unbound = new List<string>();
                foreach (var (parameter, membership) in members)
                {
                    var how = HowItBinds(upstream, parameter, membership);
                    if (how != null)
                        bound.Add($"-{parameter.Name} {how}");
                    else if (membership.Mandatory)
                        unbound.Add($"-{parameter.Name}");
                }
                if (bound.Count > 0 && unbound.Count == 0)
                    return new BindingResult(true, set, bound, Array.Empty<string>());
                problems.Add(
                    bound.Count == 0
                        ? $"set '{set}': no parameter takes {upstream.Name} from the pipeline"
                        : $"set '{set}': mandatory {string.Join(", ", unbound)} cannot bind from {upstream.Name} "
                            + $"(no compatible property or alias)"
                );
            }
            return new BindingResult(false, null, Array.Empty<string>(), problems);
        }

        private static string? HowItBinds(Type upstream, ParameterSurface parameter, ParameterSetMembership membership)
        {
            if (membership.ByValue && Compatible(upstream, parameter.Type))
                return "by value";
            if (!membership.ByPropertyName)
                return null;
            foreach (var property in upstream.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (
                    parameter.Names.Contains(property.Name, StringComparer.OrdinalIgnoreCase)
                    && Compatible(property.PropertyType, parameter.Type)
                )
                {
                    return $"from {upstream.Name}.{property.Name}";
                }
            }
            return null;
        }

        private static readonly HashSet<string> Numeric = new(StringComparer.Ordinal)
        {
            "System.Byte",
            "System.Int16",
            "System.Int32",
            "System.Int64",
            "System.UInt16",
            "System.UInt32",
            "System.UInt64",
            "System.Single",
            "System.Double",
            "System.Decimal",
        };

        private static readonly HashSet<string> ScalarsThatFormatAsText = new(StringComparer.Ordinal)
        {
            "System.String",
            "System.Guid",
            "System.DateTime",
            "System.DateTimeOffset",
            "System.TimeSpan",
            "System.Uri",
            "System.Version",
            "System.Char",
            "System.Boolean",
        };

        /// <summary>Whether PowerShell converts a value of <paramref name="source"/> to <paramref name="target"/>
        /// meaningfully.</summary>
        public static bool Compatible(Type source, Type target)
        {
            source = Unwrap(source);
            target = Unwrap(target);
            var targetName = target.FullName;
            var sourceName = source.FullName;
            if (targetName == "System.Object" || target.IsAssignableFrom(source))
                return true;
            if (target.IsArray)
            {
                var element = target.GetElementType()!;
                if (Compatible(source, element))
                    return true;
                var sourceElement = ElementOf(source);
                return sourceElement != null && Compatible(sourceElement, element);
            }
            if (ElementOf(source) != null)
                return false;
            return targetName switch
            {
                "System.String" => ScalarsThatFormatAsText.Contains(sourceName!)
                    || Numeric.Contains(sourceName!)
                    || source.IsEnum,
                "System.Guid" => sourceName == "System.String",
                "System.DateTime" or "System.DateTimeOffset" => sourceName
                    is "System.DateTime"
                        or "System.DateTimeOffset"
                        or "System.String",
                "System.Management.Automation.SwitchParameter" => sourceName == "System.Boolean",
                _ when target.IsEnum => sourceName == "System.String",
                _ when Numeric.Contains(targetName!) => Numeric.Contains(sourceName!),
                _ => false,
            };
        }

        private static Type Unwrap(Type type) =>
            type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1"
                ? type.GetGenericArguments()[0]
                : type;

        /// <summary>The element type of an array or generic collection (not of string), or null.</summary>
        private static Type? ElementOf(Type type)
        {
            if (type.FullName == "System.String")
                return null;
            if (type.IsArray)
                return type.GetElementType();
            var enumerable =
                type.FullName?.StartsWith("System.Collections.Generic.IEnumerable`1", StringComparison.Ordinal) == true
                    ? type
                    : type.GetInterfaces()
                        .FirstOrDefault(i =>
                            i.IsGenericType
                            && i.GetGenericTypeDefinition().FullName == "System.Collections.Generic.IEnumerable`1"
                        );
            return enumerable?.GetGenericArguments()[0];
        }
    }
}
