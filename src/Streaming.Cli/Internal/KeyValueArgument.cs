namespace Streaming.Cli.Internal;

/// <summary>Parses the KEY=VALUE arguments of --config and --header.</summary>
internal static class KeyValueArgument
{
    /// <summary>The pairs in <paramref name="items"/>; a <see cref="CliException"/> (exit code 2) names the first malformed one.</summary>
    public static List<KeyValuePair<string, string>> Parse(IEnumerable<string>? items, string optionName)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string item in items ?? [])
        {
            int eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) throw CliException.Usage($"{optionName} '{item}' is not KEY=VALUE");
            pairs.Add(new(item[..eq].Trim(), item[(eq + 1)..]));
        }
        return pairs;
    }
}
