namespace Streaming.Streams;

/// <summary>Names of processors, stores and internal topics.</summary>
internal static class InternalNames
{
    public const int MaxNameLength = 249;

    public static void Validate(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxNameLength)
            throw new TopologyException($"name '{name}' is too long: at most {MaxNameLength} characters");
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                throw new TopologyException($"name '{name}' is invalid: only [a-zA-Z0-9._-] are allowed");
        }
    }

    public static string Repartition(string applicationId, string name) => $"{applicationId}-{name}-repartition";

    public static string Changelog(string applicationId, string store) => $"{applicationId}-{store}-changelog";
}
