// A language-feature type that netstandard2.0 lacks (init accessors); the compiler only needs it to exist.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit { }
}
