using System;
using System.Collections.Generic;
using EntraGuard.ModuleBuild;
using EntraGuard.ModuleBuild.Help;

// Usage: EntraGuard.ModuleBuild --docs <docs folder> --manifest <root EntraGuard.psd1> --out <module folder>
// Run by src/EntraGuard/EntraGuard.csproj (target AssembleModule) on every build. Errors come out in MSBuild's
// canonical "file(line): error CODE: text" form so they fail the build and point at the docs line.
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
for (var i = 0; i + 1 < args.Length; i += 2)
{
    options[args[i]] = args[i + 1];
}
if (
    !options.TryGetValue("--docs", out var docs)
    || !options.TryGetValue("--manifest", out var manifest)
    || !options.TryGetValue("--out", out var output)
)
{
    Console.Error.WriteLine(
        "EntraGuard.ModuleBuild: error EGBUILD: usage: --docs <folder> --manifest <EntraGuard.psd1> --out <module "
            + "folder>"
    );
    return 2;
}

var help = HelpBuilder.Read(docs);
foreach (var error in help.Errors)
{
    Console.Error.WriteLine(error.ToBuildError());
}
if (help.Errors.Count > 0)
    return 1;
HelpBuilder.Write(help, output);

try
{
    ModuleManifestCopy.Write(manifest, output);
}
catch (FormatException error)
{
    Console.Error.WriteLine($"{manifest}(1): error EGBUILD: {error.Message}");
    return 1;
}
Console.WriteLine(
    $"EntraGuard help: {help.Commands.Count} cmdlet page(s), {help.AboutTopics.Count} about topic(s); manifest copied."
);
return 0;
