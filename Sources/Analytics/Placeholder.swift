public enum AnalyticsPlaceholder {}
