using System.Diagnostics;
using CK = Confluent.Kafka;

namespace Streaming.Kafka.Internal;

/// <summary>Building Confluent.Kafka clients: configuration errors become <see cref="InvalidConfigurationException"/>, logs go to <see cref="Trace"/>.</summary>
internal static class ConfluentClients
{
    /// <summary>Runs <paramref name="build"/>; librdkafka's refusal of a key or value becomes <see cref="InvalidConfigurationException"/>.</summary>
    public static T Build<T>(Func<T> build, string what)
    {
        try
        {
            return build();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or CK.KafkaException)
        {
            throw new InvalidConfigurationException($"librdkafka refused the configuration of the {what}: {ex.Message}. Keys other than the Java names the " +
                "Kafka transport maps are passed to librdkafka as they are, so they must be librdkafka properties (see its CONFIGURATION.md)", ex);
        }
    }

    /// <summary>librdkafka's log lines, at their level, on <see cref="Trace"/> (not on stderr).</summary>
    public static void Log(CK.LogMessage message)
    {
        string line = $"librdkafka {message.Name} {message.Facility}: {message.Message}";
        if (message.Level <= CK.SyslogLevel.Error) Trace.TraceError(line);
        else if (message.Level <= CK.SyslogLevel.Warning) Trace.TraceWarning(line);
        else Trace.TraceInformation(line);
    }

    /// <summary>Client-level errors librdkafka reports outside any call (a broker connection lost, …); it retries them itself.</summary>
    public static void Error(CK.Error error) => Trace.TraceWarning($"librdkafka error: {Errors.KafkaErrorMapper.Describe(error)}");
}
