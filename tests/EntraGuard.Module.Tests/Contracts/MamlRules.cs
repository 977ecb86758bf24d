using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using EntraGuard.Module.Tests.Infrastructure;

namespace EntraGuard.Module.Tests.Contracts
{
    /// <summary>
    /// The shape PowerShell's help reader (the MAML command provider behind Get-Help) needs for each cmdlet, checked
    /// against the cmdlet's real metadata: details with name, verb, noun and synopsis; a description; one syntax item
    /// per parameter set listing that set's parameters; every parameter with its required, position, pipelineInput,
    /// globbing and variableLength attributes matching the code; examples with code and remarks; input and return
    /// types.
    /// </summary>
    public static class MamlRules
    {
        private static readonly XNamespace Msh = "http://msh";
        private static readonly XNamespace Maml = "http://schemas.microsoft.com/maml/2004/10";
        private static readonly XNamespace Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
        private static readonly XNamespace Dev = "http://schemas.microsoft.com/maml/dev/2004/10";
        private static readonly string[] ParameterAttributes =
        {
            "required",
            "variableLength",
            "globbing",
            "pipelineInput",
            "position",
            "aliases",
        };

        public static IReadOnlyList<string> Check(XDocument maml, IEnumerable<CmdletSurface> cmdlets)
        {
            var violations = new List<string>();
            if (maml.Root?.Name != Msh + "helpItems" || (string?)maml.Root.Attribute("schema") != "maml")
            {
                return new[] { "the root element must be <helpItems schema=\"maml\"> in namespace http://msh" };
            }
            var commands = maml.Root.Elements(Command + "command").ToList();
            foreach (var cmdlet in cmdlets)
            {
                var command = commands.FirstOrDefault(c =>
                    (string?)c.Element(Command + "details")?.Element(Command + "name") == cmdlet.Name
                );
                if (command is null)
                {
                    violations.Add($"{cmdlet.Name}: no <command:command> with details/name {cmdlet.Name}");
                    continue;
                }
                void Require(bool condition, string what)
                {
                    if (!condition)
                        violations.Add($"{cmdlet.Name}: {what}");
                }

                var details = command.Element(Command + "details")!;
                Require(
                    (string?)details.Element(Command + "verb") == cmdlet.Verb,
                    $"details/verb is not {cmdlet.Verb}"
                );
                Require(
                    (string?)details.Element(Command + "noun") == cmdlet.Noun,
                    $"details/noun is not {cmdlet.Noun}"
                );
                Require(HasText(details.Element(Maml + "description")), "details/description (the synopsis) is empty");
                Require(HasText(command.Element(Maml + "description")), "description is empty");

                var expectedNames = cmdlet.Parameters.Select(p => p.Name).ToList();
                if (cmdlet.SupportsShouldProcess)
                    expectedNames.AddRange(PowerShellConventions.ShouldProcessParameters.Keys);

                var syntaxItems =
                    command.Element(Command + "syntax")?.Elements(Command + "syntaxItem").ToList()
                    ?? new List<XElement>();
                Require(
                    syntaxItems.Count == cmdlet.ParameterSetNames.Count,
                    $"{syntaxItems.Count} syntax item(s) for {cmdlet.ParameterSetNames.Count} parameter set(s)"
                );
                var setsSeen = new List<string>();
                foreach (var item in syntaxItems)
                {
                    Require(
                        (string?)item.Element(Maml + "name") == cmdlet.Name,
                        "a syntax item does not carry the cmdlet name"
                    );
                    var names = item.Elements(Command + "parameter")
                        .Select(p => (string?)p.Element(Maml + "name") ?? "")
                        .ToList();
                    var set = cmdlet.ParameterSetNames.FirstOrDefault(s =>
                        ExpectedInSet(cmdlet, s).ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(names)
                        && !setsSeen.Contains(s)
                    );
                    Require(
                        set != null,
                        $"syntax item ({string.Join(", ", names)}) matches no parameter set of the cmdlet"
                    );
                    if (set != null)
                        setsSeen.Add(set);
                    foreach (var parameter in item.Elements(Command + "parameter"))
                        CheckAttributes(parameter, Require);
                }

                var parameters =
                    command.Element(Command + "parameters")?.Elements(Command + "parameter").ToList()
                    ?? new List<XElement>();
                var documented = parameters.Select(p => (string?)p.Element(Maml + "name") ?? "").ToList();
                Require(
                    documented.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(expectedNames),
                    $"parameters ({string.Join(", ", documented)}) differ from the cmdlet's "
                        + $"({string.Join(", ", expectedNames)})"
                );
                foreach (var element in parameters)
                {
                    CheckAttributes(element, Require);
                    var code = cmdlet.Parameters.FirstOrDefault(p =>
                        string.Equals(
                            p.Name,
                            (string?)element.Element(Maml + "name"),
                            StringComparison.OrdinalIgnoreCase
                        )
                    );
                    if (code is null)
                        continue;
                    var membership = code.Sets[0];
                    Require(
                        (string?)element.Attribute("required") == (membership.Mandatory ? "true" : "false"),
                        $"-{code.Name} required=\"{(string?)element.Attribute("required")}\" but Mandatory = "
                            + $"{membership.Mandatory}"
                    );
                    Require(
                        (string?)element.Attribute("position") == (membership.Position?.ToString() ?? "named"),
                        $"-{code.Name} position=\"{(string?)element.Attribute("position")}\" but is "
                            + $"{membership.Position?.ToString() ?? "named"}"
                    );
                    var pipeline = (string?)element.Attribute("pipelineInput") ?? "";
                    Require(
                        pipeline.Contains("ByValue") == membership.ByValue
                            && pipeline.Contains("ByPropertyName") == membership.ByPropertyName,
                        $"-{code.Name} pipelineInput=\"{pipeline}\" but ByValue={membership.ByValue}, "
                            + $"ByPropertyName={membership.ByPropertyName}"
                    );
                }

                var examples =
                    command.Element(Command + "examples")?.Elements(Command + "example").ToList()
                    ?? new List<XElement>();
                Require(examples.Count >= HelpRules.MinimumExamples, $"{examples.Count} example(s) in MAML");
                foreach (var example in examples)
                {
                    Require(HasText(example.Element(Maml + "title")), "an example has no title");
                    Require(HasText(example.Element(Dev + "code")), "an example has no code");
                    Require(HasText(example.Element(Dev + "remarks")), "an example has no remarks");
                }

                Require(
                    command
                        .Element(Command + "inputTypes")
                        ?.Elements(Command + "inputType")
                        .Any(t => HasText(t.Element(Dev + "type")?.Element(Maml + "name"))) == true,
                    "no inputTypes/inputType/type/name"
                );
                var returns =
                    command
                        .Element(Command + "returnValues")
                        ?.Elements(Command + "returnValue")
                        .Select(r => (string?)r.Element(Dev + "type")?.Element(Maml + "name"))
                        .ToList()
                    ?? new List<string?>();
                foreach (var output in cmdlet.OutputTypes)
                {
                    Require(
                        returns.Any(r => r != null && HelpRules.NamesOutput(r, output.TypeName)),
                        $"returnValues does not name {output.TypeName}"
                    );
                }
            }
            return violations;
        }

        private static IEnumerable<string> ExpectedInSet(CmdletSurface cmdlet, string set)
        {
            var names = cmdlet.InSet(set).Select(p => p.Parameter.Name);
            return cmdlet.SupportsShouldProcess
                ? names.Concat(PowerShellConventions.ShouldProcessParameters.Keys)
                : names;
        }

        private static void CheckAttributes(XElement parameter, Action<bool, string> require)
        {
            var name = (string?)parameter.Element(Maml + "name");
            require(!string.IsNullOrEmpty(name), "a parameter element has no maml:name");
            foreach (var attribute in ParameterAttributes)
            {
                require(parameter.Attribute(attribute) != null, $"-{name} has no {attribute} attribute");
            }
            require(HasText(parameter.Element(Maml + "description")), $"-{name} has no description");
        }

        private static bool HasText(XElement? element) => element != null && element.Value.Trim().Length > 0;
    }
}
