using System.Collections;
using System.Reflection;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>Compares messages property by property (lists element-wise, byte buffers by content).</summary>
public static class DeepEquality
{
    public static void AssertEqual(object? expected, object? actual, string path = "")
    {
        string? difference = Difference(expected, actual, path);
        if (difference is not null) throw new Xunit.Sdk.XunitException("messages differ at " + difference);
    }

    private static string? Difference(object? expected, object? actual, string path)
    {
        if (expected is null || actual is null)
            return expected is null && actual is null ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        if (expected is ReadOnlyMemory<byte> em && actual is ReadOnlyMemory<byte> am)
            return em.Span.SequenceEqual(am.Span) ? null : $"{path}: bytes differ";
        if (expected is byte[] eb && actual is byte[] ab)
            return eb.AsSpan().SequenceEqual(ab) ? null : $"{path}: bytes differ";
        Type type = expected.GetType();
        if (type != actual.GetType()) return $"{path}: type {type.Name} vs {actual.GetType().Name}";
        if (type.IsPrimitive || type.IsEnum || expected is string || expected is Guid || expected is decimal)
            return Equals(expected, actual) ? null : $"{path}: expected {Show(expected)}, got {Show(actual)}";
        if (expected is IList el && actual is IList al)
        {
            if (el.Count != al.Count) return $"{path}: count {el.Count} vs {al.Count}";
            for (int i = 0; i < el.Count; i++)
            {
                string? d = Difference(el[i], al[i], $"{path}[{i}]");
                if (d is not null) return d;
            }
            return null;
        }

        foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "RecordsChunks") continue;
            string? d = Difference(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
            if (d is not null) return d;
        }
        return null;
    }

    private static string Show(object? value) => value is null ? "null" : value is string s ? $"\"{s}\"" : value.ToString() ?? "?";
}
