using System.CommandLine;

namespace Streaming.Cli.Internal;

/// <summary>Validators that see only values that parsed: a value of the wrong type is already reported by the parser.</summary>
internal static class OptionChecks
{
    /// <summary>Adds a check returning an error message naming the value, or null when it is fine.</summary>
    public static void Check<T>(this Option<T> option, Func<T, string?> check)
    {
        option.Validators.Add(result =>
        {
            T value;
            try
            {
                value = result.GetValueOrDefault<T>();
            }
            catch (InvalidOperationException)
            {
                return;
            }
            if (check(value) is { } error) result.AddError(error);
        });
    }
}
