// 意见内容: how many characters are left, as the resident types.
document.querySelectorAll("[data-counter-for]").forEach(function (counter) {
  var field = document.getElementById(counter.getAttribute("data-counter-for"));
  if (!field) return;
  var limit = parseInt(field.getAttribute("data-limit"), 10);
  function update() {
    var left = limit - field.value.length;
    counter.textContent = left >= 0 ? "已输入 " + field.value.length + " 字，还可输入 " + left + " 字" : "已超出 " + -left + " 字，请删减";
    counter.classList.toggle("over", left < 0);
  }
  field.addEventListener("input", update);
  update();
});
