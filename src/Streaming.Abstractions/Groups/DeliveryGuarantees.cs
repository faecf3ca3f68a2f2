namespace Streaming;

/// <summary>The names of <see cref="DeliveryGuarantee"/> values in configuration: at-most-once, at-least-once, exactly-once.</summary>
public static class DeliveryGuarantees
{
    /// <summary>The configuration name of <paramref name="guarantee"/>.</summary>
    public static string Name(DeliveryGuarantee guarantee) => guarantee switch
    {
        DeliveryGuarantee.AtMostOnce => "at-most-once",
        DeliveryGuarantee.AtLeastOnce => "at-least-once",
        DeliveryGuarantee.ExactlyOnce => "exactly-once",
        _ => throw new ArgumentOutOfRangeException(nameof(guarantee), guarantee, "unknown delivery guarantee"),
    };

    /// <summary>Parses a configuration value; null stays null.</summary>
    /// <exception cref="InvalidConfigurationException">The name is not one of the three.</exception>
    public static DeliveryGuarantee? Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "at-most-once" or "atmostonce" => DeliveryGuarantee.AtMostOnce,
        "at-least-once" or "atleastonce" => DeliveryGuarantee.AtLeastOnce,
        "exactly-once" or "exactlyonce" => DeliveryGuarantee.ExactlyOnce,
        _ => throw new InvalidConfigurationException($"'delivery.guarantee' is '{value}': it must be at-most-once, at-least-once or exactly-once"),
    };
}
