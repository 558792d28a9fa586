// The web editor's preview (/admin/, Decap CMS): the report being written, drawn with the
// site's own stylesheet and the markup of the report page (report.html), so that an editor
// sees headings, paragraphs and pictures as residents will. Loaded after decap-cms.js.
(function () {
  "use strict";
  var script = document.currentScript;
  var CMS = window.CMS, h = window.h, createClass = window.createClass;
  if (!CMS) return;
  if (script && script.dataset.stylesheet) CMS.registerPreviewStyle(script.dataset.stylesheet);

  function cnDate(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value || ""));
    return parts ? parts[1] + "年" + Number(parts[2]) + "月" + Number(parts[3]) + "日" : "";
  }

  function figure(image, key, getAsset) {
    var caption = [image.caption, image.photographer && "摄影：" + image.photographer];
    caption = caption.filter(Boolean).join(" ");
    return h("figure", { key: key, className: "picture" },
      h("img", { src: String(getAsset(image.src)), alt: image.alt || "" }),
      caption ? h("figcaption", null, h("span", { className: "picture__caption" }, caption)) : null);
  }

  var ReportPreview = createClass({
    render: function () {
      var entry = this.props.entry, getAsset = this.props.getAsset;
      function data(key) { return entry.getIn(["data", key]); }
      var images = data("images");
      images = images && images.toJS ? images.toJS().filter(function (i) { return i && i.src; }) : [];
      var covers = images.filter(function (i) { return i.cover; });
      var cover = covers[0] || images[0];
      var others = images.filter(function (i) { return i !== cover; });
      return h("main", { id: "main", className: "wrap" },
        h("article", { className: "report" },
          h("header", { className: "report__header" },
            h("h1", null, data("title") || "（标题）"),
            data("subtitle") ? h("p", { className: "subtitle" }, data("subtitle")) : null,
            h("p", { className: "meta" },
              h("time", null, cnDate(data("date"))),
              data("source") ? h("span", null, " 来源：" + data("source")) : null)),
          cover ? figure(cover, "cover", getAsset) : null,
          h("div", { className: "report__body" }, this.props.widgetFor("body")),
          others.map(function (image, n) { return figure(image, n, getAsset); })));
    }
  });

  var PagePreview = createClass({
    render: function () {
      var entry = this.props.entry;
      return h("main", { id: "main", className: "wrap" },
        h("article", { className: "page" },
          h("h1", null, entry.getIn(["data", "title"]) || "（标题）"),
          h("div", { className: "report__body" }, this.props.widgetFor("body"))));
    }
  });

  CMS.registerPreviewTemplate("reports", ReportPreview);
  CMS.registerPreviewTemplate("pages", PagePreview);
})();
