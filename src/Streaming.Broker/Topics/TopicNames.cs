namespace Streaming.Broker.Topics;

/// <summary>Kafka's rules for topic names.</summary>
internal static class TopicNames
{
    public const int MaxLength = 249;

    /// <summary>Throws <see cref="InvalidTopicException"/> naming what is wrong with <paramref name="name"/>.</summary>
    public static void Validate(string? name)
    {
        if (string.IsNullOrEmpty(name)) throw new InvalidTopicException("a topic name must not be empty");
        if (name is "." or "..") throw new InvalidTopicException($"topic name '{name}' is not allowed");
        if (name.Length > MaxLength) throw new InvalidTopicException($"topic name '{name[..20]}…' is {name.Length} characters long: at most {MaxLength} are allowed");
        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
                throw new InvalidTopicException($"topic '{name}' is invalid: only [a-zA-Z0-9._-] are allowed, found '{c}'");
        }
    }

    /// <summary>Internal topics, hidden from listings unless asked for.</summary>
    public static bool IsInternal(string name) => name.StartsWith("__", StringComparison.Ordinal);
}
