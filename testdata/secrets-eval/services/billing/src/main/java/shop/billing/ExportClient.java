package shop.billing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;

public final class ExportClient {
    private static final String PASSWORD_PARAM = "password";
    private static final String TOKEN_HEADER = "X-Export-Token";
    private static final String EXPORT_TOKEN = "J3HPb6hCROg0-PWiXpkO8qGwB-JHwxpox19L3J";
    private static final String SFTP_PASSWORD = "Exp0rt#Billing";
    private static final String URL_TEMPLATE = "sftp://export:%s@files.partner.net/in/";

    private final HttpClient http = HttpClient.newHttpClient();

    HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("https://partner.net/api/" + path))
            .header(TOKEN_HEADER, EXPORT_TOKEN)
            .build();
    }
}
