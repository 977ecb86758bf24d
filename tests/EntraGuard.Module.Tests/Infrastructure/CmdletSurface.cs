using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;

namespace EntraGuard.Module.Tests.Infrastructure
{
    /// <summary>
    /// What PowerShell sees of one cmdlet class, read from its attributes as metadata: the [Cmdlet] name and
    /// ShouldProcess settings, [OutputType], and every [Parameter] with its sets, aliases and completers.
    /// </summary>
    public sealed class CmdletSurface
    {
        public const string AllParameterSets = "__AllParameterSets";
        private const string Sma = "System.Management.Automation.";

        /// <summary>PowerShell's ConfirmImpact values.</summary>
        public enum Impact
        {
            None = 0,
            Low = 1,
            Medium = 2,
            High = 3,
        }

        private CmdletSurface(Type type, string verb, string noun)
        {
            ImplementingType = type;
            Verb = verb;
            Noun = noun;
        }

        public Type ImplementingType { get; }
        public string Verb { get; }
        public string Noun { get; }
        public string Name => Verb + "-" + Noun;
        public string? DefaultParameterSetName { get; private set; }
        public bool SupportsShouldProcess { get; private set; }
        public Impact ConfirmImpact { get; private set; } = Impact.Medium;
        public IReadOnlyList<OutputTypeSurface> OutputTypes { get; private set; } = Array.Empty<OutputTypeSurface>();
        public IReadOnlyList<ParameterSurface> Parameters { get; private set; } = Array.Empty<ParameterSurface>();

        /// <summary>The named parameter sets, or just __AllParameterSets when the cmdlet names none.</summary>
        public IReadOnlyList<string> ParameterSetNames
        {
            get
            {
                var named = Parameters
                    .SelectMany(p => p.Sets.Select(s => s.SetName))
                    .Where(s => s != AllParameterSets)
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .ToList();
                if (
                    DefaultParameterSetName != null
                    && !named.Contains(DefaultParameterSetName, StringComparer.OrdinalIgnoreCase)
                )
                {
                    named.Add(DefaultParameterSetName);
                }
                return named.Count == 0 ? new[] { AllParameterSets } : named;
            }
        }

        /// <summary>The parameters of one set with their settings in it (including those declared for all
        /// sets).</summary>
        public IEnumerable<(ParameterSurface Parameter, ParameterSetMembership Membership)> InSet(string setName)
        {
            foreach (var parameter in Parameters)
            {
                var membership =
                    parameter.Sets.FirstOrDefault(s =>
                        string.Equals(s.SetName, setName, StringComparison.OrdinalIgnoreCase)
                    ) ?? parameter.Sets.FirstOrDefault(s => s.SetName == AllParameterSets);
                if (membership != null)
                    yield return (parameter, membership);
            }
        }

        public static CmdletSurface? TryRead(Type type)
        {
            var cmdlet = Attribute(type, "CmdletAttribute");
            if (cmdlet == null || type.IsAbstract)
                return null;
            var surface = new CmdletSurface(
                type,
                (string)cmdlet.ConstructorArguments[0].Value!,
                (string)cmdlet.ConstructorArguments[1].Value!
            );
            foreach (var named in cmdlet.NamedArguments)
            {
                switch (named.MemberName)
                {
                    case "DefaultParameterSetName":
                        surface.DefaultParameterSetName = (string?)named.TypedValue.Value;
                        break;
                    case "SupportsShouldProcess":
                        surface.SupportsShouldProcess = (bool)named.TypedValue.Value!;
                        break;
                    case "ConfirmImpact":
                        surface.ConfirmImpact = (Impact)Convert.ToInt32(named.TypedValue.Value);
                        break;
                }
            }
            surface.OutputTypes = Attributes(type, "OutputTypeAttribute").SelectMany(ReadOutputType).ToList();
            surface.Parameters = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(ParameterSurface.TryRead)
                .Where(p => p != null)
                .Select(p => p!)
                .ToList();
            return surface;
        }

        private static IEnumerable<OutputTypeSurface> ReadOutputType(CustomAttributeData attribute)
        {
            var sets = attribute
                .NamedArguments.Where(n => n.MemberName == "ParameterSetName")
                .SelectMany(n =>
                    ((IEnumerable<CustomAttributeTypedArgument>)n.TypedValue.Value!).Select(v => (string)v.Value!)
                )
                .ToList();
            foreach (
                var argument in (IEnumerable<CustomAttributeTypedArgument>)attribute.ConstructorArguments[0].Value!
            )
            {
                yield return argument.Value is Type type
                    ? new OutputTypeSurface(type.FullName!, type, sets)
                    : new OutputTypeSurface((string)argument.Value!, null, sets);
            }
        }

        internal static CustomAttributeData? Attribute(MemberInfo member, string name) =>
            Attributes(member, name).FirstOrDefault();

        internal static IEnumerable<CustomAttributeData> Attributes(MemberInfo member, string name) =>
            member.GetCustomAttributesData().Where(a => a.AttributeType.FullName == Sma + name);

        public override string ToString() => Name;
    }

    /// <summary>One [OutputType] entry: a type (resolved when given as a Type) or a type name, and the sets it is
    /// for.</summary>
    public sealed record OutputTypeSurface(string TypeName, Type? Type, IReadOnlyList<string> ParameterSets);

    /// <summary>How a parameter takes part in one parameter set.</summary>
    public sealed record ParameterSetMembership(
        string SetName,
        bool Mandatory,
        int? Position,
        bool ByValue,
        bool ByPropertyName
    );

    public sealed class ParameterSurface
    {
        private ParameterSurface(PropertyInfo property) => Property = property;

        public PropertyInfo Property { get; }
        public string Name => Property.Name;
        public Type Type => Property.PropertyType;
        public IReadOnlyList<string> Aliases { get; private set; } = Array.Empty<string>();
        public IReadOnlyList<ParameterSetMembership> Sets { get; private set; } = Array.Empty<ParameterSetMembership>();

        /// <summary>Full names of the types given to [ArgumentCompleter(typeof(...))].</summary>
        public IReadOnlyList<Type> Completers { get; private set; } = Array.Empty<Type>();

        public bool IsSwitch => Type.FullName == "System.Management.Automation.SwitchParameter";

        /// <summary>[SupportsWildcards]: the value may hold * and ?, which is what help's "Accept wildcard characters"
        /// reports.</summary>
        public bool SupportsWildcards { get; private set; }

        /// <summary>The parameter's name and aliases: what a caller or a piped property can bind by.</summary>
        public IEnumerable<string> Names => new[] { Name }.Concat(Aliases);

        public static ParameterSurface? TryRead(PropertyInfo property)
        {
            var parameterAttributes = CmdletSurface.Attributes(property, "ParameterAttribute").ToList();
            if (parameterAttributes.Count == 0)
                return null;
            var parameter = new ParameterSurface(property);
            parameter.Sets = parameterAttributes.Select(ReadMembership).ToList();
            parameter.Aliases = CmdletSurface
                .Attributes(property, "AliasAttribute")
                .SelectMany(a =>
                    ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v =>
                        (string)v.Value!
                    )
                )
                .ToList();
            parameter.SupportsWildcards = CmdletSurface.Attribute(property, "SupportsWildcardsAttribute") != null;
            parameter.Completers = CmdletSurface
                .Attributes(property, "ArgumentCompleterAttribute")
                .Select(a => a.ConstructorArguments.FirstOrDefault().Value as Type)
                .Where(t => t != null)
                .Select(t => t!)
                .ToList();
            return parameter;
        }

        private static ParameterSetMembership ReadMembership(CustomAttributeData attribute)
        {
            string set = CmdletSurface.AllParameterSets;
            bool mandatory = false,
                byValue = false,
                byPropertyName = false;
            int? position = null;
            foreach (var named in attribute.NamedArguments)
            {
                switch (named.MemberName)
                {
                    case "ParameterSetName":
                        set = (string)named.TypedValue.Value!;
                        break;
                    case "Mandatory":
                        mandatory = (bool)named.TypedValue.Value!;
                        break;
                    case "Position":
                        position = (int)named.TypedValue.Value! is var p && p >= 0 ? p : null;
                        break;
                    case "ValueFromPipeline":
                        byValue = (bool)named.TypedValue.Value!;
                        break;
                    case "ValueFromPipelineByPropertyName":
                        byPropertyName = (bool)named.TypedValue.Value!;
                        break;
                }
            }
            return new ParameterSetMembership(set, mandatory, position, byValue, byPropertyName);
        }

        public override string ToString() => "-" + Name;
    }
}
