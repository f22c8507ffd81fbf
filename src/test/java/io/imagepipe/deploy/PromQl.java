package io.imagepipe.deploy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The metric names a PromQL expression selects, read from its tokens by the grammar's rules rather
 * than matched against a list: an identifier followed by {@code (} is a function or aggregation,
 * one followed by {@code by}/{@code without} an aggregation, label lists after {@code by},
 * {@code without}, {@code on}, {@code ignoring} and {@code group_left/right} are labels, everything in
 * braces is a label matcher (except {@code __name__="..."}, which names a metric), brackets hold
 * durations, and any other identifier that is no keyword is a vector selector's metric name.
 * Grafana's {@code $variables} are not metrics.
 */
final class PromQl {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "atan2", "inf", "nan");
    private static final Set<String> LABEL_LIST_KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private enum Kind { IDENT, VARIABLE, STRING, NUMBER, LPAREN, RPAREN, LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA, OP }

    private record Token(Kind kind, String text) {
    }

    private PromQl() {
    }

    static Set<String> metricNames(String expression) {
        List<Token> tokens = tokenize(expression);
        checkBalanced(tokens, expression);
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            switch (t.kind()) {
                case LBRACKET -> i = skipTo(tokens, i, Kind.LBRACKET, Kind.RBRACKET, expression);
                case LBRACE -> i = matchers(tokens, i, names, expression);
                case IDENT -> {
                    String word = t.text().toLowerCase(Locale.ROOT);
                    Kind next = i + 1 < tokens.size() ? tokens.get(i + 1).kind() : null;
                    if (LABEL_LIST_KEYWORDS.contains(word)) {
                        if (next == Kind.LPAREN) {
                            i = skipTo(tokens, i + 1, Kind.LPAREN, Kind.RPAREN, expression);
                        }
                    } else if (KEYWORDS.contains(word) || next == Kind.LPAREN) {
                        // a keyword, or a function/aggregation call
                    } else if (next == Kind.IDENT && Set.of("by", "without")
                            .contains(tokens.get(i + 1).text().toLowerCase(Locale.ROOT))) {
                        // an aggregation with its grouping first: sum by (x) (...)
                    } else {
                        names.add(t.text());
                    }
                }
                default -> {
                }
            }
        }
        return names;
    }

    private static void checkBalanced(List<Token> tokens, String expression) {
        java.util.Deque<Kind> open = new java.util.ArrayDeque<>();
        for (Token t : tokens) {
            switch (t.kind()) {
                case LPAREN, LBRACE, LBRACKET -> open.push(t.kind());
                case RPAREN, RBRACE, RBRACKET -> {
                    Kind expected = t.kind() == Kind.RPAREN ? Kind.LPAREN : t.kind() == Kind.RBRACE ? Kind.LBRACE
                            : Kind.LBRACKET;
                    if (open.isEmpty() || open.pop() != expected) {
                        throw new IllegalArgumentException("unbalanced '" + t.text() + "' in PromQL: " + expression);
                    }
                }
                default -> {
                }
            }
        }
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("unbalanced " + open.peek() + " in PromQL: " + expression);
        }
    }

    /** Skips a label matcher list, keeping a metric named by {@code __name__="..."}. */
    private static int matchers(List<Token> tokens, int open, Set<String> names, String expression) {
        int close = skipTo(tokens, open, Kind.LBRACE, Kind.RBRACE, expression);
        for (int i = open + 1; i + 2 < close; i++) {
            if (tokens.get(i).kind() == Kind.IDENT && tokens.get(i).text().equals("__name__")
                    && tokens.get(i + 1).text().equals("=") && tokens.get(i + 2).kind() == Kind.STRING) {
                names.add(tokens.get(i + 2).text());
            }
        }
        return close;
    }

    private static int skipTo(List<Token> tokens, int open, Kind opening, Kind closing, String expression) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).kind() == opening) {
                depth++;
            } else if (tokens.get(i).kind() == closing && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced " + opening + " in PromQL: " + expression);
    }

    private static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '"' || c == '\'' || c == '`') {
                StringBuilder text = new StringBuilder();
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != c) {
                    if (s.charAt(j) == '\\' && c != '`' && j + 1 < s.length()) {
                        j++;
                    }
                    text.append(s.charAt(j++));
                }
                if (j >= s.length()) {
                    throw new IllegalArgumentException("unterminated string in PromQL: " + s);
                }
                tokens.add(new Token(Kind.STRING, text.toString()));
                i = j + 1;
            } else if (c == '$') {
                int j = i + 1;
                if (j < s.length() && s.charAt(j) == '{') {
                    j = s.indexOf('}', j) + 1;
                } else {
                    while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                        j++;
                    }
                }
                tokens.add(new Token(Kind.VARIABLE, s.substring(i, j)));
                i = j;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_'
                        || s.charAt(j) == ':')) {
                    j++;
                }
                tokens.add(new Token(Kind.IDENT, s.substring(i, j)));
                i = j;
            } else if (Character.isDigit(c) || c == '.' && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1))) {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.')) {
                    j++;
                }
                tokens.add(new Token(Kind.NUMBER, s.substring(i, j)));
                i = j;
            } else {
                Kind kind = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '{' -> Kind.LBRACE;
                    case '}' -> Kind.RBRACE;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    case ',' -> Kind.COMMA;
                    default -> Kind.OP;
                };
                int j = i + 1;
                if (kind == Kind.OP) {
                    while (j < s.length() && "=!<>~".indexOf(s.charAt(j)) >= 0 && "=!<>~".indexOf(c) >= 0) {
                        j++;
                    }
                }
                tokens.add(new Token(kind, s.substring(i, j)));
                i = j;
            }
        }
        return tokens;
    }
}
