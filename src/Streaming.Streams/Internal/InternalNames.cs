namespace Streaming.Streams;

/// <summary>Names of processors, stores and internal topics.</summary>
internal static class InternalNames
{
    public const int MaxNameLength = 249;

    /// <summary>Checks a processor, store or topic name; <paramref name="what"/> says which in the error.</summary>
    public static void Validate(string name, string what = "name")
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Length > MaxNameLength)
            throw new TopologyException($"{what} '{name}' is too long ({name.Length} characters): at most {MaxNameLength} are allowed");
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                throw new TopologyException($"{what} '{name}' is invalid: only [a-zA-Z0-9._-] are allowed");
        }
    }

    /// <summary>Checks a topic name as Kafka does: the characters of <see cref="Validate"/>, and neither "." nor "..".</summary>
    public static void ValidateTopic(string topic)
    {
        Validate(topic, "topic");
        if (topic is "." or "..") throw new TopologyException($"topic '{topic}' is invalid: '.' and '..' are not allowed");
    }

    public static string Repartition(string applicationId, string name) => $"{applicationId}-{name}-repartition";

    public static string Changelog(string applicationId, string store) => $"{applicationId}-{store}-changelog";
}
